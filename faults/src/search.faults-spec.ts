import { checkProjections, FaultPlatform, faultConfig, publishUnderFaults, startRestartablePlatform, summarise, waitForConsistency } from './support';

// kill -9 of the search service every few seconds while telegrams are published: every published
// telegram ends up indexed exactly once (one document per publication, in its last state).
describe('search service killed with SIGKILL under publication load', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await startRestartablePlatform();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('loses and duplicates nothing, and the backlog drains within 30 s of the last restart', async () => {
    const run = await publishUnderFaults(platform, async (p) => {
      await p.kill('search');
      await p.restart('search');
    });
    const verdict = await waitForConsistency(platform.databaseUrl, run);
    summarise('search', run, verdict);

    expect(run.kills).toBeGreaterThan(0);
    expect(verdict.violations.slice(0, 20)).toEqual([]);
    expect(verdict.drainedAfterMs).toBeLessThanOrEqual(faultConfig.drainMs);
    expect(verdict.published).toBeGreaterThan(0);
    expect((await checkProjections(platform.databaseUrl, run)).violations).toEqual([]);
  });
});
