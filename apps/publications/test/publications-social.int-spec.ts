import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AgentPrincipal, AgentSnapshot, DirectoryEvents, PublicationContracts, PublicationView } from '@diplomatie/contracts';
import {
  communityPostDraft, demoPrincipals, RpcTestClient, servicePrincipal, ServiceTestEnv, telegramDraft, waitFor, appErrorOf, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadPublicationsEnv } from '../src/config/publications.env';

const { create, publish, get, addComment, editComment, deleteComment, listComments, rate, audience, audienceByUnit } = PublicationContracts;

const julien = demoPrincipals.julien();
const claire = demoPrincipals.claire();
const marc = demoPrincipals.marc();
const amina = demoPrincipals.amina();
const paul = demoPrincipals.paul();
const sophie = demoPrincipals.sophie();
const retired = { ...demoPrincipals.claire(), login: 'gerard.duval', displayName: 'Gérard Duval' };

function snapshot(p: AgentPrincipal, over: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return {
    id: p.id, login: p.login, kind: 'agent', displayName: p.displayName, active: true,
    units: [...p.units.map((unitId) => ({ unitId, role: p.headOf.includes(unitId) ? ('head' as const) : ('agent' as const) }))],
    communities: p.communities, topics: p.topics, organisationId: null, title: '', followedCommunities: [], ...over,
  };
}


describe('publications service: comments, ratings, views and audience', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let db: DataSource;
  let telegram: PublicationView;

  const events = async (type: string, publicationId: string) =>
    (await db.query(
      `SELECT payload->'data' AS data FROM ${SCHEMA}.outbox WHERE payload->>'type' = $1
         AND coalesce(payload->'data'->>'publicationId', payload->'data'->'comment'->>'publicationId') = $2 ORDER BY id`,
      [type, publicationId],
    )) as { data: Record<string, unknown> }[];

  const publishAgent = async (data: AgentSnapshot, occurredAt = new Date().toISOString()) => {
    const envelope = { id: uuidv7(), type: DirectoryEvents.agentChanged.type, version: 1, occurredAt, actor: { kind: 'service', id: 'test' }, tenant: 'diplomatie', data };
    await rpc.connection.jetstream().publish(`${env.namespace}.${DirectoryEvents.agentChanged.subject}`, new TextEncoder().encode(JSON.stringify(envelope)), { msgID: envelope.id });
  };

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadPublicationsEnv(vars))));
    db = app.get(DataSource);
    // The directory as communities announces it: the Balkans service, the communication direction, a retired colleague.
    for (const p of [julien, claire, marc, amina, paul]) await publishAgent(snapshot(p));
    await publishAgent(snapshot(retired, { active: false }));
    await waitFor(async () => ((await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.agent_replica`)) as { n: number }[])[0].n === 6, {
      what: 'the directory replica',
    });
    telegram = await rpc.request(publish, julien, { id: (await rpc.request(create, julien, telegramDraft({ forInformation: ['meae-com'] }))).id });
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  describe('views and audience', () => {
    it('counts each reader once and every open as a view, not the author’s own', async () => {
      await rpc.request(get, claire, { id: telegram.id });
      await rpc.request(get, claire, { id: telegram.id });
      await rpc.request(get, marc, { id: telegram.id });
      await rpc.request(get, julien, { id: telegram.id });
      await rpc.request(get, servicePrincipal('search'), { id: telegram.id });

      const sut = await rpc.request(audience, julien, { publicationId: telegram.id });
      // Reach: Claire and Marc (pour action), Amina (pour information); not the author, not the retired agent, not Paul.
      expect(sut).toMatchObject({ uniqueReaders: 2, views: 3, reach: 3, normalisedAudience: 0.667 });
      expect(Date.parse(sut.firstReadAt ?? '')).toBeLessThanOrEqual(Date.parse(sut.lastReadAt ?? ''));
    });

    it('counts a post’s reach from its community’s members', async () => {
      const post = await rpc.request(publish, julien, { id: (await rpc.request(create, julien, communityPostDraft())).id });
      // Balkans members in the replica: Claire (and Julien, the author).
      expect(await rpc.request(audience, claire, { publicationId: post.id })).toMatchObject({ reach: 1, uniqueReaders: 0, normalisedAudience: 0 });
    });

    it('follows the directory: a later snapshot moves an agent, an older one arriving late changes nothing', async () => {
      const later = new Date(Date.now() + 60_000).toISOString();
      await publishAgent(snapshot(amina, { units: [{ unitId: 'meae-dgm-dde', role: 'agent' }] }), later);
      await publishAgent(snapshot(amina), new Date(Date.now() - 60_000).toISOString());
      // Both applied (or skipped): the consumer recorded 6 + 2 directory events.
      await waitFor(async () => ((await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.processed_event`)) as { n: number }[])[0].n === 8, {
        what: 'both snapshots consumed',
      });
      expect((await rpc.request(audience, julien, { publicationId: telegram.id })).reach).toBe(2);
      const rows: { units: string[] }[] = await db.query(`SELECT units FROM ${SCHEMA}.agent_replica WHERE id = $1`, [amina.id]);
      expect(rows[0].units).toEqual(['meae-dgm-dde']);
    });

    it('hides the audience from whoever may not see the publication', async () => {
      for (const outsider of [paul, sophie]) {
        expect((await appErrorOf(rpc.request(audience, outsider, { publicationId: telegram.id }))).code).toBe('NOT_FOUND');
      }
    });
  });

  describe('ratings', () => {
    it('keeps one rating per reader, changeable, and emits publication.rated with the new figures', async () => {
      expect(await rpc.request(rate, claire, { publicationId: telegram.id, stars: 4 })).toMatchObject({ stars: 4, ratings: { count: 1, mean: 4 } });
      expect(await rpc.request(rate, marc, { publicationId: telegram.id, stars: 2 })).toMatchObject({ ratings: { count: 2, mean: 3 } });
      expect(await rpc.request(rate, claire, { publicationId: telegram.id, stars: 5 })).toMatchObject({ stars: 5, ratings: { count: 2, mean: 3.5 } });
      expect((await rpc.request(audience, julien, { publicationId: telegram.id })).ratings).toEqual({ count: 2, mean: 3.5 });

      const rated = await events('publication.rated', telegram.id);
      expect(rated.map((e) => [e.data['stars'], e.data['previousStars']])).toEqual([[4, null], [2, null], [5, 4]]);
      expect(rated[2].data).toMatchObject({ readerId: claire.id, authorId: julien.id, emittingUnitId: 'amb-belgrade', ratings: { count: 2, mean: 3.5 } });
      expect(rated[2].data['access']).toMatchObject({ classification: 'restricted', units: ['amb-belgrade', 'meae-deur-balkans', 'meae-com'] });
    });

    it('forbids authors to rate their own publication (FORBIDDEN), and writes nothing', async () => {
      const before = (await events('publication.rated', telegram.id)).length;
      const error = await appErrorOf(rpc.request(rate, julien, { publicationId: telegram.id, stars: 5 }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe('authors cannot rate their own publication');
      expect((await events('publication.rated', telegram.id)).length).toBe(before);
    });

    it('refuses stars outside 1–5, hides the publication from outsiders, and rates no draft', async () => {
      for (const stars of [0, 6, 3.5]) {
        const reply = (await rpc.raw(rate.subject, { principal: claire, data: { publicationId: telegram.id, stars } })) as { ok: boolean; error: { code: string; message: string } };
        expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
        expect(reply.error.message).toContain('stars');
      }
      expect((await appErrorOf(rpc.request(rate, paul, { publicationId: telegram.id, stars: 1 }))).code).toBe('NOT_FOUND');
      expect((await appErrorOf(rpc.request(rate, servicePrincipal(), { publicationId: telegram.id, stars: 1 }))).code).toBe('FORBIDDEN');
      const draft = await rpc.request(create, marc, telegramDraft({ emittingUnitId: 'meae-deur-balkans', forAction: ['amb-belgrade'] }));
      expect((await appErrorOf(rpc.request(rate, marc, { publicationId: draft.id, stars: 3 }))).code).toBe('CONFLICT');
    });
  });

  describe('comments', () => {
    it('keeps one-level threads in order, and emits publication.commented', async () => {
      const first = await rpc.request(addComment, claire, { publicationId: telegram.id, body: '<p>Merci : la position de Belgrade évolue.</p><script>x()</script>' });
      expect(first).toMatchObject({ parentId: null, authorId: claire.id, body: '<p>Merci : la position de Belgrade évolue.</p>', deleted: false, editedAt: null });
      const reply = await rpc.request(addComment, marc, { publicationId: telegram.id, parentId: first.id, body: 'À suivre en réunion de service.' });
      const second = await rpc.request(addComment, amina, { publicationId: telegram.id, body: 'Des éléments pour la revue de presse ?' });
      const secondReply = await rpc.request(addComment, julien, { publicationId: telegram.id, parentId: first.id, body: 'Oui, note détaillée à venir.' });

      const page = await rpc.request(listComments, claire, { publicationId: telegram.id, limit: 3 });
      const rest = await rpc.request(listComments, claire, { publicationId: telegram.id, limit: 3, cursor: page.nextCursor ?? undefined });
      expect([...page.items, ...rest.items].map((c) => c.id)).toEqual([first.id, reply.id, secondReply.id, second.id]);
      expect(rest.nextCursor).toBeNull();

      const commented = await events('publication.commented', telegram.id);
      expect(commented).toHaveLength(4);
      expect(commented[1].data).toMatchObject({ comment: reply, emittingUnitId: 'amb-belgrade', publicationAuthorId: julien.id, access: { status: 'published' } });
      expect((await rpc.request(audience, julien, { publicationId: telegram.id })).comments).toBe(4);
    });

    it('refuses a reply to a reply, an empty comment, and a comment on a draft', async () => {
      const top = await rpc.request(addComment, claire, { publicationId: telegram.id, body: 'Question de calendrier.' });
      const reply = await rpc.request(addComment, marc, { publicationId: telegram.id, parentId: top.id, body: 'Avant le Conseil.' });
      const deep = await appErrorOf(rpc.request(addComment, claire, { publicationId: telegram.id, parentId: reply.id, body: 'Lequel ?' }));
      expect(deep.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(deep.details)).toContain('parentId');
      expect((await appErrorOf(rpc.request(addComment, claire, { publicationId: telegram.id, body: '<script>alert(1)</script>' }))).code).toBe('VALIDATION_FAILED');
      const draft = await rpc.request(create, julien, telegramDraft());
      expect((await appErrorOf(rpc.request(addComment, julien, { publicationId: draft.id, body: 'Brouillon' }))).code).toBe('CONFLICT');
    });

    it('lets only its author edit or delete a comment; a deleted thread head stays as a placeholder while it has replies', async () => {
      const top = await rpc.request(addComment, claire, { publicationId: telegram.id, body: 'Premier jet.' });
      const reply = await rpc.request(addComment, marc, { publicationId: telegram.id, parentId: top.id, body: 'Réponse.' });
      expect((await appErrorOf(rpc.request(editComment, marc, { publicationId: telegram.id, commentId: top.id, body: 'Réécrit' }))).code).toBe('FORBIDDEN');
      expect((await appErrorOf(rpc.request(deleteComment, marc, { publicationId: telegram.id, commentId: top.id }))).code).toBe('FORBIDDEN');

      const edited = await rpc.request(editComment, claire, { publicationId: telegram.id, commentId: top.id, body: 'Version corrigée.' });
      expect(edited.body).toBe('Version corrigée.');
      expect(edited.editedAt).not.toBeNull();

      await rpc.request(deleteComment, claire, { publicationId: telegram.id, commentId: top.id });
      const ids = async () => (await rpc.request(listComments, claire, { publicationId: telegram.id, limit: 100 })).items;
      expect((await ids()).find((c) => c.id === top.id)).toMatchObject({ deleted: true, body: '' });
      expect((await appErrorOf(rpc.request(editComment, claire, { publicationId: telegram.id, commentId: top.id, body: 'Encore' }))).code).toBe('CONFLICT');

      await rpc.request(deleteComment, marc, { publicationId: telegram.id, commentId: reply.id });
      expect((await ids()).map((c) => c.id)).not.toEqual(expect.arrayContaining([top.id]));
      expect((await ids()).map((c) => c.id)).not.toContain(reply.id);
    });

    it('hides the discussion from whoever may not see the publication', async () => {
      const some = (await rpc.request(listComments, claire, { publicationId: telegram.id, limit: 1 })).items[0];
      for (const outsider of [paul, sophie]) {
        expect((await appErrorOf(rpc.request(listComments, outsider, { publicationId: telegram.id }))).code).toBe('NOT_FOUND');
        expect((await appErrorOf(rpc.request(addComment, outsider, { publicationId: telegram.id, body: 'Intrus' }))).code).toBe('NOT_FOUND');
        expect((await appErrorOf(rpc.request(editComment, outsider, { publicationId: telegram.id, commentId: some.id, body: 'x' }))).code).toBe('NOT_FOUND');
      }
    });
  });
  describe('audience per emitting unit', () => {
    it('ranks emitting units over a period by normalised audience, counting only what the caller may see', async () => {
      const fromBalkans = await rpc.request(publish, marc, {
        id: (await rpc.request(create, marc, telegramDraft({ emittingUnitId: 'meae-deur-balkans', forAction: ['amb-belgrade'], forInformation: [] }))).id,
      });
      await rpc.request(get, julien, { id: fromBalkans.id }); // the only agent of amb-belgrade in the replica: 1 of 1
      const period = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };

      const sut = await rpc.request(audienceByUnit, marc, period);
      expect(sut.items.map((u) => u.emittingUnitId)).toEqual(['meae-deur-balkans', 'amb-belgrade']);
      expect(sut.items[0]).toEqual({ emittingUnitId: 'meae-deur-balkans', publications: 1, uniqueReaders: 1, reach: 1, normalisedAudience: 1 });
      const belgrade = sut.items[1];
      expect(belgrade.publications).toBe(2); // the telegram and the post; drafts never count
      expect(belgrade.normalisedAudience).toBeCloseTo(belgrade.uniqueReaders / belgrade.reach, 3);

      // Another ministry sees Belgrade's internal post only, and not the Balkans' restricted telegram.
      expect((await rpc.request(audienceByUnit, paul, period)).items).toEqual([
        { emittingUnitId: 'amb-belgrade', publications: 1, uniqueReaders: 0, reach: 1, normalisedAudience: 0 },
      ]);
      expect((await rpc.request(audienceByUnit, marc, { from: period.to, to: new Date(Date.now() + 120_000).toISOString() })).items).toEqual([]);
    });
  });
});
