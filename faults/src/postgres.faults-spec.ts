import {
  checkProjections, FaultPlatform, faultConfig, OwnPostgres, publishUnderFaults, startOwnPostgres, startRestartablePlatform, summarise,
  waitAllReady, waitForConsistency,
} from './support';

// PostgreSQL immediate shutdown (crash recovery at restart) while telegrams are published: on our
// own cluster on a free port (the machine's server is shared). Every service reconnects by itself;
// what was committed before the crash reaches every projection exactly once.
describe('PostgreSQL immediate shutdown under publication load', () => {
  let pg: OwnPostgres;
  let platform: FaultPlatform;

  beforeAll(async () => {
    pg = await startOwnPostgres();
    platform = await startRestartablePlatform({ baseDatabaseUrl: pg.url });
  });
  afterAll(async () => {
    await platform?.stop().catch(() => undefined);
    await pg?.stop();
  });

  it('loses and duplicates nothing once PostgreSQL is back, and the backlog drains within 30 s', async () => {
    const run = await publishUnderFaults(platform, async () => {
      await pg.crash();
      await new Promise((r) => setTimeout(r, 1000));
      await pg.start();
      await waitAllReady(platform);
    });
    const verdict = await waitForConsistency(platform.databaseUrl, run);
    summarise('postgresql', run, verdict);

    expect(run.kills).toBeGreaterThan(0);
    expect(verdict.violations.slice(0, 20)).toEqual([]);
    expect(verdict.drainedAfterMs).toBeLessThanOrEqual(faultConfig.drainMs);
    expect(verdict.published).toBeGreaterThan(0);
    expect((await checkProjections(platform.databaseUrl, run)).violations).toEqual([]);
  });
});
