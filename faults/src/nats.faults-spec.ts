import {
  checkProjections, FaultPlatform, faultConfig, OwnNats, publishUnderFaults, startOwnNats, startRestartablePlatform, summarise, waitAllReady,
  waitForConsistency,
} from './support';

// kill -9 of nats-server (JetStream on a data dir) while telegrams are published, restarted on the
// same store: the services reconnect by themselves and the events committed to the outboxes all
// reach their projections exactly once. Our own nats-server on a free port: the machine's is shared.
describe('nats-server killed with SIGKILL under publication load', () => {
  let nats: OwnNats;
  let platform: FaultPlatform;

  beforeAll(async () => {
    nats = await startOwnNats();
    platform = await startRestartablePlatform({ natsUrl: nats.url });
  });
  afterAll(async () => {
    await platform?.stop().catch(() => undefined);
    await nats?.stop();
  });

  it('loses and duplicates nothing once NATS is back, and the backlog drains within 30 s', async () => {
    const run = await publishUnderFaults(platform, async () => {
      await nats.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await nats.start();
      await waitAllReady(platform);
    });
    const verdict = await waitForConsistency(platform.databaseUrl, run);
    summarise('nats-server', run, verdict);

    expect(run.kills).toBeGreaterThan(0);
    expect(verdict.violations.slice(0, 20)).toEqual([]);
    expect(verdict.drainedAfterMs).toBeLessThanOrEqual(faultConfig.drainMs);
    expect(verdict.published).toBeGreaterThan(0);
    expect((await checkProjections(platform.databaseUrl, run)).violations).toEqual([]);
  });
});
