import { checkProjections, FaultPlatform, faultConfig, publishUnderFaults, startRestartablePlatform, summarise, waitForConsistency } from './support';

// kill -9 of the publications service (the writer and its outbox relay) mid-batch: a publish that
// committed reaches every projection exactly once even if the relay died before sending it; one
// that did not commit leaves nothing anywhere; one answered 2xx is never lost.
describe('publications service killed with SIGKILL under publication load', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await startRestartablePlatform();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('acknowledged publications reach every projection exactly once, failed ones none', async () => {
    const run = await publishUnderFaults(platform, async (p) => {
      await p.kill('publications');
      await p.restart('publications');
    });
    const verdict = await waitForConsistency(platform.databaseUrl, run);
    summarise('publications', run, verdict);

    expect(run.kills).toBeGreaterThan(0);
    expect(verdict.violations.slice(0, 20)).toEqual([]);
    expect(verdict.drainedAfterMs).toBeLessThanOrEqual(faultConfig.drainMs);
    // Requests sent while the service was down were refused: the fault really hit the publish path.
    expect([...run.answers.values()].some((s) => s < 200 || s >= 300)).toBe(true);
    expect(verdict.published).toBeGreaterThan(0);
    expect((await checkProjections(platform.databaseUrl, run)).violations).toEqual([]);
  });
});
