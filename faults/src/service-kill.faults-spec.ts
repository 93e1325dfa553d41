import { checkProjections, FaultPlatform, faultConfig, publishUnderFaults, startRestartablePlatform, summarise, waitForConsistency } from './support';

/**
 * kill -9 of one service every few seconds while telegrams are published, then a restart:
 * - routing: its consumers resume from JetStream and its idempotent handlers give every
 *   (publication, unit, role) exactly one assignment;
 * - search: every published telegram ends up indexed exactly once, in its last state;
 * - publications (the writer and its outbox relay, mid-batch): a publish that committed reaches
 *   every projection exactly once even if the relay died before sending it; one that did not
 *   commit leaves nothing anywhere; one answered 2xx is never lost.
 * Run one with `-t <service>` (docs/faults.md).
 */
describe.each(['routing', 'search', 'publications'] as const)('%s service killed with SIGKILL under publication load', (service) => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await startRestartablePlatform();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('loses and duplicates nothing, and the backlog drains within 30 s of the last restart', async () => {
    const run = await publishUnderFaults(platform, async (p) => {
      await p.kill(service);
      await p.restart(service);
    });
    const verdict = await waitForConsistency(platform.databaseUrl, run);
    summarise(service, run, verdict);

    expect(run.kills).toBeGreaterThan(0);
    expect(verdict.violations.slice(0, 20)).toEqual([]);
    expect(verdict.drainedAfterMs).toBeLessThanOrEqual(faultConfig.drainMs);
    expect(verdict.published).toBeGreaterThan(0);
    if (service === 'publications') {
      // Requests sent while the writer was down were refused: the fault really hit the publish path.
      expect([...run.answers.values()].some((s) => s < 200 || s >= 300)).toBe(true);
    }
    // A second look changes nothing (no late duplicate from a redelivery).
    expect((await checkProjections(platform.databaseUrl, run)).violations).toEqual([]);
  });
});
