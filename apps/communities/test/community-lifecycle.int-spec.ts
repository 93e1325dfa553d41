import { INestApplication } from '@nestjs/common';
import { JetStreamManager } from 'nats';
import { z } from 'zod';
import { AgentSnapshot, DirectoryContracts, DirectoryEvents, EventContract, Principal } from '@diplomatie/contracts';
import {
  RpcTestClient, servicePrincipal, ServiceTestEnv, waitFor, appErrorOf, demoDirectory, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadCommunitiesEnv } from '../src/config/communities.env';

const directory = demoDirectory();


/** Every membership path of a community, through the service's NATS API, on the demo directory. */
describe('community life cycle', () => {
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
    for (const login of ['claire.moreau', 'marc.lefevre', 'amina.diallo', 'julien.bernard', 'paul.martin', 'sophie.laurent', 'thomas.girard', 'admin']) {
      const { id } = await rpc.request(C.resolveLogin, service, { login });
      who[login.split('.')[0]] = await rpc.request(C.principal, service, { agentId: id });
    }
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  const lastSeq = async () => (await jsm.streams.info(stream)).state.last_seq;
  /** Events of `contract` published after stream sequence `after`, waiting until `count` arrived. */
  async function eventsAfter<C extends EventContract>(after: number, contract: C, count: number): Promise<z.output<C['data']>[]> {
    const subject = `${env.namespace}.${contract.subject}`;
    const read = async () => {
      const found: z.output<C['data']>[] = [];
      const last = await lastSeq();
      for (let seq = after + 1; seq <= last; seq++) {
        const m = await jsm.streams.getMessage(stream, { seq });
        if (m.subject === subject) found.push(contract.data.parse(m.json<{ data: unknown }>().data) as z.output<C['data']>);
      }
      return found;
    };
    await waitFor(async () => (await read()).length >= count, { what: `${count} ${contract.type} events` });
    return read();
  }
  const page = (as: Principal, id: string, query: { limit?: number; cursor?: string } = {}) => rpc.request(C.getCommunity, as, { id, ...query });
  const listed = async (as: Principal) => (await rpc.request(C.listCommunities, as, {})).items.map((c) => c.id);

  it('lets an agent create a community and makes them its owner, with the events', async () => {
    const before = await lastSeq();
    const created = await rpc.request(C.createCommunity, who.amina, {
      id: 'revue-presse-balkans', name: 'Revue de presse des Balkans', description: 'Les revues de presse quotidiennes des postes de la région.',
      kind: 'open', topics: ['serbie'],
    });
    expect(created).toMatchObject({
      id: 'revue-presse-balkans', kind: 'open', partnersAllowed: false, archived: false, memberCount: 1, myStanding: 'owner',
      members: { items: [{ agentId: who.amina.id, displayName: 'Amina Diallo', role: 'owner' }], nextCursor: null },
    });
    const [event] = await eventsAfter(before, DirectoryEvents.communityCreated, 1);
    expect(event).toMatchObject({ id: 'revue-presse-balkans', ownerId: who.amina.id, kind: 'open', topics: ['serbie'] });
    const [snapshot] = await eventsAfter(before, DirectoryEvents.agentChanged, 1);
    expect(snapshot).toMatchObject({ id: who.amina.id, communities: expect.arrayContaining(['revue-presse-balkans', 'presse-europe']) });
  });

  it('refuses a taken id (409), unknown topics (400) and partners creating (403)', async () => {
    const draft = { id: 'balkans', name: 'Balkans bis', kind: 'open' as const };
    expect((await appErrorOf(rpc.request(C.createCommunity, who.claire, draft))).code).toBe('CONFLICT');
    const unknown = await appErrorOf(rpc.request(C.createCommunity, who.claire, { ...draft, id: 'balkans-bis', topics: ['serbie', 'atlantide'] }));
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.details).toEqual([{ path: 'topics.1', message: 'unknown topic "atlantide"' }]);
    expect((await appErrorOf(rpc.request(C.createCommunity, who.sophie, { ...draft, id: 'balkans-ter' }))).code).toBe('FORBIDDEN');
    expect(await listed(service)).not.toContain('balkans-bis');
  });

  it('lets anyone join an open community at once, and leave it', async () => {
    const before = await lastSeq();
    expect(await rpc.request(C.joinCommunity, who.julien, { id: 'revue-presse-balkans' })).toEqual({ communityId: 'revue-presse-balkans', agentId: who.julien.id, standing: 'member' });
    expect((await appErrorOf(rpc.request(C.joinCommunity, who.julien, { id: 'revue-presse-balkans' }))).code).toBe('CONFLICT');
    const [joined] = await eventsAfter(before, DirectoryEvents.memberJoined, 1);
    expect(joined).toEqual({ communityId: 'revue-presse-balkans', agentId: who.julien.id, role: 'member', how: 'joined' });
    const [snapshot] = await eventsAfter(before, DirectoryEvents.agentChanged, 1);
    expect(snapshot.communities).toContain('revue-presse-balkans');

    const mid = await lastSeq();
    expect(await rpc.request(C.leaveCommunity, who.julien, { id: 'revue-presse-balkans' })).toMatchObject({ standing: 'none' });
    expect(await eventsAfter(mid, DirectoryEvents.memberLeft, 1)).toEqual([{ communityId: 'revue-presse-balkans', agentId: who.julien.id, how: 'left' }]);
    expect((await eventsAfter(mid, DirectoryEvents.agentChanged, 1))[0].communities).not.toContain('revue-presse-balkans');
    expect((await appErrorOf(rpc.request(C.leaveCommunity, who.julien, { id: 'revue-presse-balkans' }))).code).toBe('CONFLICT');
    // The owner cannot walk away from their community.
    expect((await appErrorOf(rpc.request(C.leaveCommunity, who.amina, { id: 'revue-presse-balkans' }))).code).toBe('CONFLICT');
  });

  it('turns a join of a closed community into a request that a moderator approves or rejects', async () => {
    // diplomatie-economique: closed, owner isabelle.fontaine, moderator paul.martin.
    expect(await rpc.request(C.joinCommunity, who.claire, { id: 'diplomatie-economique' })).toMatchObject({ standing: 'requested' });
    expect(await rpc.request(C.joinCommunity, who.julien, { id: 'diplomatie-economique' })).toMatchObject({ standing: 'requested' });
    expect((await page(who.claire, 'diplomatie-economique')).myStanding).toBe('requested');
    expect((await appErrorOf(rpc.request(C.listJoinRequests, who.claire, { id: 'diplomatie-economique' }))).code).toBe('FORBIDDEN');
    const { items } = await rpc.request(C.listJoinRequests, who.paul, { id: 'diplomatie-economique' });
    expect(items.map((r) => r.displayName)).toEqual(['Claire Moreau', 'Julien Bernard']);

    const before = await lastSeq();
    expect(await rpc.request(C.decideJoinRequest, who.paul, { id: 'diplomatie-economique', agentId: who.claire.id, decision: 'approve' })).toMatchObject({ standing: 'member' });
    expect(await rpc.request(C.decideJoinRequest, who.paul, { id: 'diplomatie-economique', agentId: who.julien.id, decision: 'reject' })).toMatchObject({ standing: 'none' });
    expect((await appErrorOf(rpc.request(C.decideJoinRequest, who.paul, { id: 'diplomatie-economique', agentId: who.julien.id, decision: 'approve' }))).code).toBe('NOT_FOUND');
    expect(await eventsAfter(before, DirectoryEvents.memberJoined, 1)).toEqual([{ communityId: 'diplomatie-economique', agentId: who.claire.id, role: 'member', how: 'approved' }]);
    expect((await rpc.request(C.listJoinRequests, who.paul, { id: 'diplomatie-economique' })).items).toEqual([]);
    expect((await page(who.julien, 'diplomatie-economique')).myStanding).toBe('none');
  });

  it('keeps a secret community invisible (404) to non-members everywhere, and lets them in by invitation only', async () => {
    // veille-kosovo: secret, owner marc.lefevre; amina is not a member.
    expect(await listed(who.amina)).not.toContain('veille-kosovo');
    for (const attempt of [
      page(who.amina, 'veille-kosovo'),
      rpc.request(C.joinCommunity, who.amina, { id: 'veille-kosovo' }),
      rpc.request(C.listJoinRequests, who.amina, { id: 'veille-kosovo' }),
      rpc.request(C.answerInvitation, who.amina, { id: 'veille-kosovo', accept: true }),
      rpc.request(C.leaveCommunity, who.amina, { id: 'veille-kosovo' }),
      rpc.request(C.inviteToCommunity, who.amina, { id: 'veille-kosovo', agentId: who.julien.id }),
      page(who.amina, 'pas-de-communaute'),
    ]) {
      expect((await appErrorOf(attempt)).code).toBe('NOT_FOUND');
    }

    // A plain member may not invite; the owner may. The invitee then sees the page and accepts.
    expect((await appErrorOf(rpc.request(C.inviteToCommunity, who.claire, { id: 'veille-kosovo', agentId: who.amina.id }))).code).toBe('FORBIDDEN');
    expect(await rpc.request(C.inviteToCommunity, who.marc, { id: 'veille-kosovo', agentId: who.amina.id })).toMatchObject({ standing: 'invited' });
    expect((await page(who.amina, 'veille-kosovo')).myStanding).toBe('invited');
    const before = await lastSeq();
    expect(await rpc.request(C.answerInvitation, who.amina, { id: 'veille-kosovo', accept: true })).toMatchObject({ standing: 'member' });
    expect(await eventsAfter(before, DirectoryEvents.memberJoined, 1)).toEqual([{ communityId: 'veille-kosovo', agentId: who.amina.id, role: 'member', how: 'invited' }]);
    expect(await listed(who.amina)).toContain('veille-kosovo');

    // A declined invitation leaves the community invisible again.
    await rpc.request(C.inviteToCommunity, who.marc, { id: 'veille-kosovo', agentId: who.julien.id });
    expect(await rpc.request(C.answerInvitation, who.julien, { id: 'veille-kosovo', accept: false })).toMatchObject({ standing: 'none' });
    expect((await appErrorOf(page(who.julien, 'veille-kosovo'))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(rpc.request(C.inviteToCommunity, who.marc, { id: 'veille-kosovo', agentId: who.claire.id }))).code).toBe('CONFLICT');
  });

  it('admits partners only where partners are allowed, and hides the rest from them', async () => {
    expect((await appErrorOf(rpc.request(C.inviteToCommunity, who.marc, { id: 'veille-kosovo', agentId: who.sophie.id }))).code).toBe('CONFLICT');
    expect((await appErrorOf(rpc.request(C.joinCommunity, who.sophie, { id: 'balkans' }))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(page(who.sophie, 'balkans'))).code).toBe('NOT_FOUND');
    // thomas.girard has not accepted the charter: not even the press space exists for him.
    expect((await appErrorOf(page(who.thomas, 'presse-europe'))).code).toBe('NOT_FOUND');
    expect((await page(who.sophie, 'presse-europe')).myStanding).toBe('member');
  });

  it('lets the owner promote, demote and remove; moderators remove plain members only', async () => {
    // balkans: owner helene.rousseau, moderator claire.moreau, members julien, luc, marc, philippe.
    const helene = await rpc.request(C.principal, service, { agentId: (await rpc.request(C.resolveLogin, service, { login: 'helene.rousseau' })).id });
    expect((await appErrorOf(rpc.request(C.changeMemberRole, who.claire, { id: 'balkans', agentId: who.julien.id, role: 'moderator' }))).code).toBe('FORBIDDEN');
    const before = await lastSeq();
    expect(await rpc.request(C.changeMemberRole, helene, { id: 'balkans', agentId: who.marc.id, role: 'moderator' })).toMatchObject({ standing: 'moderator' });
    expect(await eventsAfter(before, DirectoryEvents.roleChanged, 1)).toEqual([{ communityId: 'balkans', agentId: who.marc.id, role: 'moderator', previousRole: 'member' }]);
    expect((await appErrorOf(rpc.request(C.removeMember, who.claire, { id: 'balkans', agentId: who.marc.id }))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(rpc.request(C.removeMember, who.claire, { id: 'balkans', agentId: helene.id }))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(rpc.request(C.removeMember, who.claire, { id: 'balkans', agentId: who.amina.id }))).code).toBe('NOT_FOUND');

    const mid = await lastSeq();
    expect(await rpc.request(C.removeMember, who.claire, { id: 'balkans', agentId: who.julien.id })).toMatchObject({ standing: 'none' });
    expect(await eventsAfter(mid, DirectoryEvents.memberLeft, 1)).toEqual([{ communityId: 'balkans', agentId: who.julien.id, how: 'removed' }]);
    const [snapshot] = await eventsAfter(mid, DirectoryEvents.agentChanged, 1);
    expect(AgentSnapshot.parse(snapshot)).toMatchObject({ id: who.julien.id, communities: [] });
    expect(await rpc.request(C.changeMemberRole, helene, { id: 'balkans', agentId: who.marc.id, role: 'member' })).toMatchObject({ standing: 'member' });
  });

  it('transfers ownership to a member, the former owner staying as a moderator', async () => {
    expect((await appErrorOf(rpc.request(C.transferOwnership, who.julien, { id: 'revue-presse-balkans', agentId: who.claire.id }))).code).toBe('FORBIDDEN');
    expect((await appErrorOf(rpc.request(C.transferOwnership, who.amina, { id: 'revue-presse-balkans', agentId: who.claire.id }))).code).toBe('NOT_FOUND');
    await rpc.request(C.joinCommunity, who.claire, { id: 'revue-presse-balkans' });
    const before = await lastSeq();
    expect(await rpc.request(C.transferOwnership, who.amina, { id: 'revue-presse-balkans', agentId: who.claire.id })).toMatchObject({ standing: 'owner' });
    expect(await eventsAfter(before, DirectoryEvents.roleChanged, 2)).toEqual([
      { communityId: 'revue-presse-balkans', agentId: who.claire.id, role: 'owner', previousRole: 'member' },
      { communityId: 'revue-presse-balkans', agentId: who.amina.id, role: 'moderator', previousRole: 'owner' },
    ]);
    const { members } = await page(who.amina, 'revue-presse-balkans');
    expect(members.items.map((m) => [m.displayName, m.role])).toEqual([['Claire Moreau', 'owner'], ['Amina Diallo', 'moderator']]);
    expect(await rpc.request(C.leaveCommunity, who.amina, { id: 'revue-presse-balkans' })).toMatchObject({ standing: 'none' });
  });

  it('pages through members with a cursor, owner and moderators first', async () => {
    const first = await page(who.claire, 'balkans', { limit: 2 });
    expect(first.memberCount).toBe(5);
    expect(first.members.items.map((m) => m.role)).toEqual(['owner', 'moderator']);
    const names = first.members.items.map((m) => m.displayName);
    let cursor = first.members.nextCursor;
    while (cursor) {
      const next = await page(who.claire, 'balkans', { limit: 2, cursor });
      names.push(...next.members.items.map((m) => m.displayName));
      cursor = next.members.nextCursor;
    }
    expect(names).toEqual(['Hélène Rousseau', 'Claire Moreau', 'Philippe Garnier', 'Marc Lefèvre', 'Luc Vidal']);
    expect((await appErrorOf(page(who.claire, 'balkans', { cursor: 'pas-un-curseur' }))).code).toBe('VALIDATION_FAILED');
  });

  it('archives a community: still readable, membership frozen; only the owner or an administrator', async () => {
    expect((await appErrorOf(rpc.request(C.archiveCommunity, who.julien, { id: 'revue-presse-balkans' }))).code).toBe('FORBIDDEN');
    expect(await rpc.request(C.archiveCommunity, who.claire, { id: 'revue-presse-balkans' })).toMatchObject({ archived: true });
    expect((await appErrorOf(rpc.request(C.joinCommunity, who.julien, { id: 'revue-presse-balkans' }))).code).toBe('CONFLICT');
    expect((await appErrorOf(rpc.request(C.archiveCommunity, who.claire, { id: 'revue-presse-balkans' }))).code).toBe('CONFLICT');
    expect((await page(who.julien, 'revue-presse-balkans')).archived).toBe(true);
    expect(await rpc.request(C.archiveCommunity, who.admin, { id: 'presse-europe' })).toMatchObject({ archived: true });
  });
});
