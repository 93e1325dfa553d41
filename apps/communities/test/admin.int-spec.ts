import { INestApplication } from '@nestjs/common';
import { JetStreamManager } from 'nats';
import { AgentSnapshot, DirectoryContracts, DirectoryEvents, Principal } from '@diplomatie/contracts';
import {
  RpcTestClient, servicePrincipal, ServiceTestEnv, waitFor, appErrorOf, demoDirectory, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadCommunitiesEnv } from '../src/config/communities.env';

const directory = demoDirectory();


/** Directory administration through the service's NATS API: per-row import, deactivation. */
describe('directory administration', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let jsm: JetStreamManager;
  let stream: string;
  const service = servicePrincipal('demo-seed');
  const C = DirectoryContracts;
  let admin: Principal;
  let claire: Principal;

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadCommunitiesEnv(vars))));
    jsm = await rpc.connection.jetstreamManager();
    stream = `COMMUNITIES_${env.namespace.toUpperCase()}`;
    await rpc.request(C.importDirectory, service, directory);
    const principalOf = async (login: string) => rpc.request(C.principal, service, { agentId: (await rpc.request(C.resolveLogin, service, { login })).id });
    admin = await principalOf('admin');
    claire = await principalOf('claire.moreau');
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  const lastSeq = async () => (await jsm.streams.info(stream)).state.last_seq;

  it('imports the good rows and reports each bad one, with the rows that depended on it, by its index as sent', async () => {
    const result = await rpc.request(C.importDirectory, admin, {
      mode: 'per_row',
      units: [
        { id: 'amb-tirana', name: 'Ambassade de France en Albanie', kind: 'post', parentId: 'meae', country: 'AL' },
        { id: 'amb-skopje', name: 'Ambassade de France en Macédoine du Nord', kind: 'post', parentId: 'meae-inconnu', country: 'MK' },
        { id: 'amb-podgorica', name: 'Ambassade de France au Monténégro', kind: 'post', parentId: 'meae', country: 'ME' },
      ],
      agents: [
        { login: 'nicolas.petit', kind: 'agent', givenName: 'Nicolas', familyName: 'Petit', units: [{ unitId: 'amb-tirana', role: 'head' }] },
        { login: 'lea.simon', kind: 'agent', givenName: 'Léa', familyName: 'Simon', units: [{ unitId: 'amb-skopje', role: 'agent' }] },
        { login: 'ines.garcia', kind: 'partner', givenName: 'Inès', familyName: 'Garcia', organisationId: 'organisation-inconnue' },
      ],
      interests: [{ login: 'lea.simon', topics: ['serbie'] }],
    });
    expect(result).toMatchObject({ units: 2, agents: 1, interests: 0 });
    expect(result.rejected).toEqual([
      { path: 'units.1.parentId', message: 'unit "amb-skopje": unknown parent unit "meae-inconnu"' },
      { path: 'agents.2.organisationId', message: 'agent "ines.garcia": unknown organisation "organisation-inconnue"' },
      { path: 'agents.1.units.0.unitId', message: 'agent "lea.simon": unknown unit "amb-skopje"' },
      { path: 'interests.0.login', message: 'interests: unknown login "lea.simon"' },
    ]);
    const { items } = await rpc.request(C.listUnits, service, { ministryId: 'meae' });
    expect(items.map((u) => u.id)).toEqual(expect.arrayContaining(['amb-tirana', 'amb-podgorica']));
    expect(items.map((u) => u.id)).not.toContain('amb-skopje');
    expect(await rpc.request(C.resolveLogin, service, { login: 'nicolas.petit' })).toMatchObject({ active: true });
    expect((await appErrorOf(rpc.request(C.resolveLogin, service, { login: 'lea.simon' }))).code).toBe('NOT_FOUND');
  });

  it('keeps the all-or-nothing mode by default', async () => {
    const error = await appErrorOf(rpc.request(C.importDirectory, admin, {
      units: [
        { id: 'amb-chisinau', name: 'Ambassade de France en Moldavie', kind: 'post', parentId: 'meae', country: 'MD' },
        { id: 'amb-skopje', name: 'Ambassade de France en Macédoine du Nord', kind: 'post', parentId: 'meae-inconnu', country: 'MK' },
      ],
    }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((await rpc.request(C.listUnits, service, {})).items.map((u) => u.id)).not.toContain('amb-chisinau');
  });

  it('deactivates and reactivates an account (administrators only), and tells the replicas', async () => {
    expect((await appErrorOf(rpc.request(C.setAgentActive, claire, { agentId: admin.id, active: false }))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(rpc.request(C.setAgentActive, admin, { agentId: admin.id, active: false }))).code).toBe('CONFLICT');
    expect((await appErrorOf(rpc.request(C.setAgentActive, admin, { agentId: '0196b7a4-0000-7000-8000-000000000000', active: false }))).code).toBe('NOT_FOUND');

    const before = await lastSeq();
    expect(await rpc.request(C.setAgentActive, admin, { agentId: claire.id, active: false })).toMatchObject({ login: 'claire.moreau', active: false });
    const error = await appErrorOf(rpc.request(C.principal, service, { agentId: claire.id }));
    expect([error.code, error.message]).toEqual(['FORBIDDEN', 'account deactivated']);
    await waitFor(async () => (await lastSeq()) > before, { what: 'the agentChanged event' });
    const event = await jsm.streams.getMessage(stream, { seq: before + 1 });
    expect(event.subject).toBe(`${env.namespace}.${DirectoryEvents.agentChanged.subject}`);
    expect(AgentSnapshot.parse(event.json<{ data: unknown }>().data)).toMatchObject({ id: claire.id, active: false });
    // Deactivating again changes nothing and says nothing.
    await rpc.request(C.setAgentActive, admin, { agentId: claire.id, active: false });

    expect(await rpc.request(C.setAgentActive, admin, { agentId: claire.id, active: true })).toMatchObject({ active: true });
    expect(await rpc.request(C.principal, service, { agentId: claire.id })).toMatchObject({ login: 'claire.moreau' });
    await waitFor(async () => (await lastSeq()) >= before + 2, { what: 'the reactivation event' });
    // The second event is the reactivation: the repeated deactivation emitted nothing in between.
    const second = await jsm.streams.getMessage(stream, { seq: before + 2 });
    expect(AgentSnapshot.parse(second.json<{ data: unknown }>().data)).toMatchObject({ id: claire.id, active: true });
  });
});
