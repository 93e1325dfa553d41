import { INestApplication } from '@nestjs/common';
import { JetStreamManager } from 'nats';
import { z } from 'zod';
import { AgentPrincipal, AgentSnapshot, DirectoryContracts, DirectoryEvents, DirectoryImport, PartnerPrincipal, Principal, UnitView } from '@diplomatie/contracts';
import { migrate, revert } from '@diplomatie/persistence';
import {
  agentPrincipal, RpcTestClient, servicePrincipal, ServiceTestEnv, waitFor, appErrorOf, demoDirectory, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, entities, SCHEMA } from '../src/app.module';
import { loadCommunitiesEnv } from '../src/config/communities.env';
import { migrations } from '../src/database/migrations';

const directory = demoDirectory();
const demoCounts = { units: 14, organisations: 3, agents: 13, topics: 6, communities: 4, interests: 7, rejected: [] };


describe('communities service', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let jsm: JetStreamManager;
  let stream: string;
  const service = servicePrincipal('demo-seed');

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadCommunitiesEnv(vars))));
    jsm = await rpc.connection.jetstreamManager();
    stream = `COMMUNITIES_${env.namespace.toUpperCase()}`;
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  const importDirectory = (data: z.input<typeof DirectoryImport>, as: Principal = service) =>
    rpc.request(DirectoryContracts.importDirectory, as, data);
  const idOf = async (login: string) => (await rpc.request(DirectoryContracts.resolveLogin, service, { login })).id;
  const principalOf = async (login: string) => rpc.request(DirectoryContracts.principal, service, { agentId: await idOf(login) });
  const agentOf = async (login: string) => (await principalOf(login)) as AgentPrincipal;
  const eventsIn = async () => {
    const info = await jsm.streams.info(stream, { subjects_filter: '>' });
    const subjects = info.state.subjects ?? {};
    return {
      total: info.state.messages,
      units: subjects[`${env.namespace}.${DirectoryEvents.unitChanged.subject}`] ?? 0,
      agents: subjects[`${env.namespace}.${DirectoryEvents.agentChanged.subject}`] ?? 0,
    };
  };
  const lastEvent = async (subject: string) => (await jsm.streams.getMessage(stream, { last_by_subj: `${env.namespace}.${subject}` })).json<{ data: unknown }>();

  it('imports the demo directory once: counts, one event per unit and account, and nothing more when imported again', async () => {
    expect(await importDirectory(directory)).toEqual(demoCounts);
    await waitFor(async () => (await eventsIn()).total === 27, { what: '14 unit and 13 agent events' });
    expect(await eventsIn()).toEqual({ total: 27, units: 14, agents: 13 });
    const claireId = await idOf('claire.moreau');

    expect(await importDirectory(directory)).toEqual(demoCounts);
    expect(await idOf('claire.moreau')).toBe(claireId);

    // One real change after the identical import: if the second import had emitted anything, it would be counted here too.
    const renamed = { ...directory, units: directory.units?.map((u) => (u.id === 'meae-com-presse' ? { ...u, name: 'Sous-direction de la presse et des médias' } : u)) };
    await importDirectory(renamed);
    await waitFor(async () => (await eventsIn()).total === 28, { what: 'the rename event' });
    expect(await eventsIn()).toEqual({ total: 28, units: 15, agents: 13 });
    expect(UnitView.parse((await lastEvent(DirectoryEvents.unitChanged.subject)).data)).toMatchObject({
      id: 'meae-com-presse', name: 'Sous-direction de la presse et des médias', parentId: 'meae-com', ministryId: 'meae',
    });
    await importDirectory(directory);
    await waitFor(async () => (await eventsIn()).total === 29, { what: 'the rename back' });
  });

  it('describes an account in its agentChanged snapshot: units with role, memberships, interests', async () => {
    const snapshots: AgentSnapshot[] = [];
    for (let seq = 1; seq <= (await eventsIn()).total; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      if (m.subject.endsWith(DirectoryEvents.agentChanged.subject)) snapshots.push(AgentSnapshot.parse(m.json<{ data: unknown }>().data));
    }
    expect(snapshots).toHaveLength(13);
    const marc = snapshots.find((s) => s.login === 'marc.lefevre');
    expect(marc).toMatchObject({
      kind: 'agent', displayName: 'Marc Lefèvre', active: true, organisationId: null, title: 'Chef du service des Balkans',
      units: [{ unitId: 'meae-deur-balkans', role: 'head' }],
      communities: ['balkans', 'veille-kosovo'],
      topics: ['kosovo', 'serbie'],
      followedCommunities: ['balkans', 'veille-kosovo'],
    });
    expect(snapshots.find((s) => s.login === 'sophie.laurent')).toMatchObject({ kind: 'partner', organisationId: 'revue-diplomatique', units: [] });
  });

  it('computes the principal of claire.moreau', async () => {
    const claire = await agentOf('claire.moreau');
    expect(claire).toMatchObject({
      kind: 'agent', login: 'claire.moreau', displayName: 'Claire Moreau',
      units: ['meae-deur-balkans'], ministries: ['meae'], headOf: [], supervisedUnits: [], roles: [],
    });
    expect(claire.topics).toContain('serbie');
    expect(claire.communities).toEqual(['balkans', 'veille-kosovo']);
  });

  it('knows whom a head heads and the hierarchy below', async () => {
    const marc = await agentOf('marc.lefevre');
    expect(marc).toMatchObject({ headOf: ['meae-deur-balkans'], units: ['meae-deur-balkans'], supervisedUnits: [] });
    const philippe = await agentOf('philippe.garnier');
    expect(philippe).toMatchObject({ headOf: ['meae-deur'], supervisedUnits: ['meae-deur-balkans'], ministries: ['meae'] });
    const admin = await agentOf('admin');
    expect(admin).toMatchObject({ units: ['meae'], ministries: ['meae'], roles: ['admin'] });
  });

  it('places paul.martin in the other ministry', async () => {
    expect(await agentOf('paul.martin')).toMatchObject({ ministries: ['minefi'], units: ['minefi-tresor-europe'], topics: ['energie'] });
  });

  it('gives partners their organisation and charter acceptance', async () => {
    const sophie = (await principalOf('sophie.laurent')) as PartnerPrincipal;
    expect(sophie).toMatchObject({ kind: 'partner', organisationId: 'revue-diplomatique', charterAccepted: true, communities: ['presse-europe'], topics: ['union-europeenne'] });
    expect(await principalOf('thomas.girard')).toMatchObject({ kind: 'partner', organisationId: 'solidarites-balkans', charterAccepted: false });
  });

  it('answers NOT_FOUND for unknown logins and accounts, and to a caller asking for someone else', async () => {
    expect((await appErrorOf(rpc.request(DirectoryContracts.resolveLogin, service, { login: 'inconnu.personne' }))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(rpc.request(DirectoryContracts.principal, service, { agentId: '0196b7a4-0000-7000-8000-000000000000' }))).code).toBe('NOT_FOUND');
    const claire = await agentOf('claire.moreau');
    expect((await appErrorOf(rpc.request(DirectoryContracts.principal, claire, { agentId: await idOf('marc.lefevre') }))).code).toBe('NOT_FOUND');
    expect(await rpc.request(DirectoryContracts.principal, claire, { agentId: claire.id })).toEqual(claire);
  });

  it('refuses an import with an unknown parent, naming the row, and writes nothing', async () => {
    const before = await eventsIn();
    const error = await appErrorOf(importDirectory({
      units: [
        { id: 'amb-tirana', name: 'Ambassade de France en Albanie', kind: 'post', parentId: 'meae', country: 'AL' },
        { id: 'amb-skopje', name: 'Ambassade de France en Macédoine du Nord', kind: 'post', parentId: 'meae-inconnu', country: 'MK' },
      ],
      agents: [{ login: 'nicolas.petit', kind: 'agent', givenName: 'Nicolas', familyName: 'Petit', units: [{ unitId: 'amb-tirana', role: 'agent' }] }],
    }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'units.1.parentId', message: 'unit "amb-skopje": unknown parent unit "meae-inconnu"' }]);
    const { items } = await rpc.request(DirectoryContracts.listUnits, service, {});
    expect(items.map((u) => u.id)).not.toContain('amb-tirana');
    expect((await appErrorOf(idOf('nicolas.petit'))).code).toBe('NOT_FOUND');
    expect(await eventsIn()).toEqual(before);
  });

  it('refuses to move a unit below its own descendant', async () => {
    const error = await appErrorOf(importDirectory({ units: [{ id: 'meae-deur', name: "Direction de l'Europe continentale", kind: 'direction', parentId: 'meae-deur-balkans' }] }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/loop: meae-deur\b/);
    expect((await agentOf('philippe.garnier')).supervisedUnits).toEqual(['meae-deur-balkans']);
  });

  it('lets only services and administrators import', async () => {
    const claire = await agentOf('claire.moreau');
    expect((await appErrorOf(importDirectory({ topics: [] }, claire))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(importDirectory({ topics: [] }, await principalOf('sophie.laurent')))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(importDirectory({ topics: [] }, agentPrincipal({ roles: [] })))).code).toBe('FORBIDDEN');
    expect(await importDirectory({ topics: directory.topics }, await principalOf('admin'))).toMatchObject({ topics: 6, units: 0 });
  });

  it('refuses the principal of a deactivated account, and says why', async () => {
    const before = await eventsIn();
    await importDirectory({
      agents: [{ login: 'nicolas.petit', kind: 'agent', givenName: 'Nicolas', familyName: 'Petit', title: 'Rédacteur Albanie', units: [{ unitId: 'meae-deur-balkans', role: 'agent' }], active: false }],
    });
    expect(await rpc.request(DirectoryContracts.resolveLogin, service, { login: 'nicolas.petit' })).toMatchObject({ kind: 'agent', active: false });
    const error = await appErrorOf(principalOf('nicolas.petit'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('account deactivated');
    // Exactly one event: the refused imports above left nothing in the outbox.
    await waitFor(async () => (await eventsIn()).total === before.total + 1, { what: 'the new account event' });
    expect(await eventsIn()).toEqual({ ...before, total: before.total + 1, agents: before.agents + 1 });
  });

  it('lists units as a tree, with their ministry and heads', async () => {
    const { items } = await rpc.request(DirectoryContracts.listUnits, service, {});
    expect(items.map((u) => u.id)).toEqual([
      // French collation: "l'Économie" before "l'Europe", "de l'Europe" before "de la communication".
      'minefi', 'minefi-tresor', 'minefi-tresor-europe',
      'meae', 'amb-washington', 'amb-sarajevo', 'amb-zagreb', 'amb-belgrade',
      'meae-deur', 'meae-deur-balkans', 'meae-com', 'meae-com-presse', 'meae-dgm', 'meae-dgm-dde',
    ]);
    const seen = new Set<string>();
    for (const u of items) {
      if (u.parentId) expect(seen.has(u.parentId)).toBe(true);
      seen.add(u.id);
    }
    expect(items.find((u) => u.id === 'meae-deur-balkans')).toMatchObject({ ministryId: 'meae', heads: [await idOf('marc.lefevre')] });
    expect(items.find((u) => u.id === 'amb-belgrade')).toMatchObject({ country: 'RS', heads: [await idOf('helene.rousseau')] });

    const minefi = await rpc.request(DirectoryContracts.listUnits, service, { ministryId: 'minefi' });
    expect(minefi.items.map((u) => [u.id, u.ministryId])).toEqual([['minefi', 'minefi'], ['minefi-tresor', 'minefi'], ['minefi-tresor-europe', 'minefi']]);
  });

  it('shows people to agents, and to a partner only themselves', async () => {
    const claireId = await idOf('claire.moreau');
    const amina = await agentOf('amina.diallo');
    expect(await rpc.request(DirectoryContracts.getPerson, amina, { id: claireId })).toEqual({
      id: claireId, login: 'claire.moreau', kind: 'agent', displayName: 'Claire Moreau', givenName: 'Claire', familyName: 'Moreau',
      title: 'Rédactrice Serbie et Kosovo', languages: expect.arrayContaining(['fr']), units: [{ unitId: 'meae-deur-balkans', role: 'agent' }],
      organisationId: null, active: true, visibleToPartners: false,
    });
    const sophie = await principalOf('sophie.laurent');
    expect((await appErrorOf(rpc.request(DirectoryContracts.getPerson, sophie, { id: claireId }))).code).toBe('NOT_FOUND');
    expect(await rpc.request(DirectoryContracts.getPerson, sophie, { id: sophie.id })).toMatchObject({ login: 'sophie.laurent', kind: 'partner', organisationId: 'revue-diplomatique' });
  });

  it('hides secret communities from non-members and closed-to-partner ones from partners', async () => {
    const ids = async (p: Principal) => (await rpc.request(DirectoryContracts.listCommunities, p, {})).items.map((c) => c.id);
    const all = await rpc.request(DirectoryContracts.listCommunities, service, {});
    expect(all.items.map((c) => [c.id, c.memberCount])).toEqual([
      ['balkans', 6], ['veille-kosovo', 4], ['diplomatie-economique', 3], ['presse-europe', 3],
    ]);
    expect(await ids(await principalOf('claire.moreau'))).toContain('veille-kosovo');
    expect(await ids(await principalOf('amina.diallo'))).toEqual(['balkans', 'diplomatie-economique', 'presse-europe']);
    expect(await ids(await principalOf('sophie.laurent'))).toEqual(['presse-europe']);
    expect(await ids(await principalOf('thomas.girard'))).toEqual([]);
  });

  it('reports ready when PostgreSQL and NATS answer', async () => {
    const res = await fetch(`${await app.getUrl()}/health/ready`);
    expect(res.status).toBe(200);
  });

  it('migrates down and up again', async () => {
    const opts = { url: env.database.url, schema: SCHEMA, entities, migrations };
    await revert(opts, migrations.length);
    expect(await migrate(opts)).toEqual(migrations.map((m) => new m().name));
  });
});
