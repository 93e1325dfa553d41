import { checkProjections, FaultPlatform, faultConfig, publishUnderFaults, startRestartablePlatform, summarise, waitForConsistency } from './support';

// kill -9 of the routing service every few seconds while telegrams are published: its consumers
// resume from JetStream and its idempotent handlers give every (publication, unit, role) exactly one assignment.
describe('routing service killed with SIGKILL under publication load', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await startRestartablePlatform();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('loses and duplicates nothing, and the backlog drains within 30 s of the last restart', async () => {
    const run = await publishUnderFaults(platform, async (p) => {
      await p.kill('routing');
      await p.restart('routing');
    });
    const verdict = await waitForConsistency(platform.databaseUrl, run);
    summarise('routing', run, verdict);

    expect(run.kills).toBeGreaterThan(0);
    expect(verdict.violations.slice(0, 20)).toEqual([]);
    expect(verdict.drainedAfterMs).toBeLessThanOrEqual(faultConfig.drainMs);
    expect(verdict.published).toBeGreaterThan(0);
    // A second look changes nothing (no late duplicate from a redelivery).
    expect((await checkProjections(platform.databaseUrl, run)).violations).toEqual([]);
  });
});
