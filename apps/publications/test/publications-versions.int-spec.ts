import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationContracts } from '@diplomatie/contracts';
import {
  communityPostDraft, demoPrincipals, RpcTestClient, ServiceTestEnv, telegramDraft, appErrorOf, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadPublicationsEnv } from '../src/config/publications.env';

const { create, publish, get, list, edit, versions, withdraw, rate } = PublicationContracts;

const julien = demoPrincipals.julien();
const claire = demoPrincipals.claire();
const amina = demoPrincipals.amina();


describe('publications service: versions and withdrawal', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let db: DataSource;

  const outbox = async (type: string, id: string) =>
    (await db.query(`SELECT payload->'data' AS data FROM ${SCHEMA}.outbox WHERE payload->>'type' = $1 AND payload->'data'->'publication'->>'id' = $2 ORDER BY id`, [
      type,
      id,
    ])) as { data: Record<string, unknown> }[];
  const published = async (over: Parameters<typeof telegramDraft>[0] = {}) =>
    rpc.request(publish, julien, { id: (await rpc.request(create, julien, telegramDraft(over))).id });

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadPublicationsEnv(vars))));
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  describe('editing', () => {
    it('edits a draft in place: no version, no event', async () => {
      const draft = await rpc.request(create, julien, telegramDraft());
      const edited = await rpc.request(edit, julien, { id: draft.id, subject: 'Serbie — point de situation révisé', body: '<p onclick="x()">Révisé</p>' });
      expect(edited).toMatchObject({ status: 'draft', version: 1, subject: 'Serbie — point de situation révisé', body: '<p>Révisé</p>' });
      expect(await rpc.request(versions, julien, { id: draft.id })).toEqual({ items: [] });
    });

    it('makes a new version of a published publication, with its history and publication.updated in full', async () => {
      const telegram = await published();
      const v2 = await rpc.request(edit, julien, { id: telegram.id, summary: 'Belgrade confirme le calendrier.', forInformation: ['meae-com', 'meae-dgm-dde'] });
      expect(v2).toMatchObject({ version: 2, status: 'published', reference: telegram.reference, forInformation: ['meae-com', 'meae-dgm-dde'] });
      const v3 = await rpc.request(edit, julien, { id: telegram.id, priority: 'flash' });
      expect(v3.version).toBe(3);
      // Nothing changed: no version.
      expect((await rpc.request(edit, julien, { id: telegram.id, priority: 'flash' })).version).toBe(3);

      const history = await rpc.request(versions, claire, { id: telegram.id });
      expect(history.items.map((v) => [v.version, v.editedBy, v.changedFields])).toEqual([
        [1, julien.id, []],
        [2, julien.id, ['summary', 'forInformation']],
        [3, julien.id, ['priority']],
      ]);
      const updated = await outbox('publication.updated', telegram.id);
      expect(updated).toHaveLength(2);
      expect(updated[0].data).toMatchObject({
        publication: v2, changedFields: ['summary', 'forInformation'],
        access: { status: 'published', units: ['amb-belgrade', 'meae-deur-balkans', 'meae-com', 'meae-dgm-dde'] },
      });
      expect(await rpc.request(get, julien, { id: telegram.id })).toEqual(v3);
    });

    it('keeps each kind’s rules on edit (400, nothing written), and lets only the author edit', async () => {
      const post = await rpc.request(publish, julien, { id: (await rpc.request(create, julien, communityPostDraft({ classification: 'restricted' }))).id });
      for (const changes of [{ forAction: ['meae-deur-balkans'] }, { communities: [] }, { priority: 'flash' as const }, { recipient: { name: 'x', organisation: 'y', address: 'z' } }]) {
        const error = await appErrorOf(rpc.request(edit, julien, { id: post.id, ...changes }));
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(error.details)).toContain(Object.keys(changes)[0]);
      }
      const reply = (await rpc.raw(edit.subject, { principal: julien, data: { id: post.id, kind: 'telegram' } })) as { ok: boolean; error: { code: string } };
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect((await rpc.request(get, julien, { id: post.id })).version).toBe(1);
      expect((await appErrorOf(rpc.request(edit, claire, { id: post.id, subject: 'Réécrit par une lectrice' }))).code).toBe('FORBIDDEN');
      expect((await appErrorOf(rpc.request(edit, amina, { id: post.id, subject: 'Invisible' }))).code).toBe('NOT_FOUND');
    });
  });

  describe('withdrawal', () => {
    it('withdraws a publication: kept for its author, hidden from everyone else, publication.withdrawn emitted', async () => {
      const telegram = await published();
      expect((await rpc.request(get, claire, { id: telegram.id })).id).toBe(telegram.id);
      const withdrawn = await rpc.request(withdraw, julien, { id: telegram.id, reason: 'Envoyé par erreur au service.' });
      expect(withdrawn).toMatchObject({ status: 'withdrawn', reference: telegram.reference, withdrawalReason: 'Envoyé par erreur au service.' });
      expect(withdrawn.withdrawnAt).not.toBeNull();

      expect((await rpc.request(get, julien, { id: telegram.id })).status).toBe('withdrawn');
      expect((await appErrorOf(rpc.request(get, claire, { id: telegram.id }))).code).toBe('NOT_FOUND');
      expect((await rpc.request(list, claire, { limit: 100 })).items.map((p) => p.id)).not.toContain(telegram.id);
      expect((await appErrorOf(rpc.request(rate, claire, { publicationId: telegram.id, stars: 4 }))).code).toBe('NOT_FOUND');

      const events = await outbox('publication.withdrawn', telegram.id);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ reason: 'Envoyé par erreur au service.', access: { status: 'withdrawn' }, publication: { status: 'withdrawn' } });
    });

    it('refuses to withdraw twice, a draft, or someone else’s publication, and to edit a withdrawn one', async () => {
      const telegram = await published();
      expect((await appErrorOf(rpc.request(withdraw, claire, { id: telegram.id }))).code).toBe('FORBIDDEN');
      await rpc.request(withdraw, julien, { id: telegram.id });
      expect((await appErrorOf(rpc.request(withdraw, julien, { id: telegram.id }))).code).toBe('CONFLICT');
      expect((await appErrorOf(rpc.request(edit, julien, { id: telegram.id, subject: 'Ressuscité ?' }))).code).toBe('CONFLICT');
      const draft = await rpc.request(create, julien, telegramDraft());
      expect((await appErrorOf(rpc.request(withdraw, julien, { id: draft.id }))).code).toBe('CONFLICT');
    });
  });
});
