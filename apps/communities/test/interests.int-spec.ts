import { INestApplication } from '@nestjs/common';
import { JetStreamManager } from 'nats';
import { AgentSnapshot, DirectoryContracts, DirectoryEvents, Principal } from '@diplomatie/contracts';
import {
  RpcTestClient, servicePrincipal, ServiceTestEnv, waitFor, appErrorOf, demoDirectory, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadCommunitiesEnv } from '../src/config/communities.env';

const directory = demoDirectory();


/** Centres d'intérêt through the service's NATS API, on the demo directory. */
describe('centres d\'intérêt', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let jsm: JetStreamManager;
  let stream: string;
  const service = servicePrincipal('demo-seed');
  const who: Record<string, Principal> = {};
  const C = DirectoryContracts;

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadCommunitiesEnv(vars))));
    jsm = await rpc.connection.jetstreamManager();
    stream = `COMMUNITIES_${env.namespace.toUpperCase()}`;
    await rpc.request(C.importDirectory, service, directory);
    for (const login of ['claire.moreau', 'amina.diallo', 'sophie.laurent']) {
      const { id } = await rpc.request(C.resolveLogin, service, { login });
      who[login.split('.')[0]] = await rpc.request(C.principal, service, { agentId: id });
    }
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  const lastSeq = async () => (await jsm.streams.info(stream)).state.last_seq;
  const snapshotsAfter = async (after: number): Promise<AgentSnapshot[]> => {
    const found: AgentSnapshot[] = [];
    for (let seq = after + 1; seq <= (await lastSeq()); seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      if (m.subject === `${env.namespace}.${DirectoryEvents.agentChanged.subject}`) found.push(AgentSnapshot.parse(m.json<{ data: unknown }>().data));
    }
    return found;
  };

  it('serves the topics catalogue with synonyms, in French order', async () => {
    const { items } = await rpc.request(C.listTopics, who.claire, {});
    expect(items.map((t) => t.label)).toEqual(['Élargissement', 'Énergie', 'États-Unis', 'Kosovo', 'Serbie', 'Union européenne']);
    expect(items.find((t) => t.id === 'serbie')?.synonyms).toContain('Serbia');
  });

  it('replaces interests and tells the replicas once', async () => {
    expect(await rpc.request(C.getInterests, who.claire, {})).toEqual({ topics: ['serbie'], communities: ['balkans'] });
    const before = await lastSeq();
    const next = { topics: ['kosovo', 'serbie', 'kosovo'], communities: ['veille-kosovo', 'diplomatie-economique'] };
    expect(await rpc.request(C.setInterests, who.claire, next)).toEqual({ topics: ['kosovo', 'serbie'], communities: ['diplomatie-economique', 'veille-kosovo'] });
    await waitFor(async () => (await snapshotsAfter(before)).length === 1, { what: 'the agentChanged event' });
    expect((await snapshotsAfter(before))[0]).toMatchObject({ id: who.claire.id, topics: ['kosovo', 'serbie'], followedCommunities: ['diplomatie-economique', 'veille-kosovo'] });

    // The same interests again: nothing changed, nothing is emitted (one real change after it proves the quiet).
    await rpc.request(C.setInterests, who.claire, next);
    await rpc.request(C.followInterest, who.claire, { kind: 'topic', id: 'energie', follow: true });
    await waitFor(async () => (await snapshotsAfter(before)).length >= 2, { what: 'the follow event' });
    expect((await snapshotsAfter(before)).map((s) => s.topics)).toEqual([['kosovo', 'serbie'], ['energie', 'kosovo', 'serbie']]);
  });

  it('refuses unknown topics and communities the caller may not see alike (400), writing nothing', async () => {
    const error = await appErrorOf(rpc.request(C.setInterests, who.amina, { topics: ['atlantide'], communities: ['balkans', 'veille-kosovo', 'pas-de-communaute'] }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      { path: 'topics.0', message: 'unknown topic "atlantide"' },
      { path: 'communities.1', message: 'unknown community "veille-kosovo"' },
      { path: 'communities.2', message: 'unknown community "pas-de-communaute"' },
    ]);
    expect(await rpc.request(C.getInterests, who.amina, {})).toEqual({ topics: ['union-europeenne'], communities: ['presse-europe'] });
    // A partner follows only communities admitting partners.
    expect((await appErrorOf(rpc.request(C.followInterest, who.sophie, { kind: 'community', id: 'balkans', follow: true }))).code).toBe('VALIDATION_FAILED');
    expect((await appErrorOf(rpc.request(C.setInterests, service, { topics: [], communities: [] }))).code).toBe('FORBIDDEN');
  });

  it('follows and unfollows one topic or community in one click, idempotently', async () => {
    expect(await rpc.request(C.followInterest, who.amina, { kind: 'community', id: 'balkans', follow: true })).toEqual({ topics: ['union-europeenne'], communities: ['balkans', 'presse-europe'] });
    expect(await rpc.request(C.followInterest, who.amina, { kind: 'community', id: 'balkans', follow: true })).toEqual({ topics: ['union-europeenne'], communities: ['balkans', 'presse-europe'] });
    expect(await rpc.request(C.followInterest, who.amina, { kind: 'topic', id: 'union-europeenne', follow: false })).toEqual({ topics: [], communities: ['balkans', 'presse-europe'] });
    expect(await rpc.request(C.followInterest, who.amina, { kind: 'topic', id: 'union-europeenne', follow: false })).toEqual({ topics: [], communities: ['balkans', 'presse-europe'] });
    expect((await appErrorOf(rpc.request(C.followInterest, who.amina, { kind: 'topic', id: 'atlantide', follow: true }))).code).toBe('VALIDATION_FAILED');
  });
});
