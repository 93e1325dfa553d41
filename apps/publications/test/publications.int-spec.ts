import { INestApplication } from '@nestjs/common';
import { headers as natsHeaders } from 'nats';
import { DataSource } from 'typeorm';
import {
  AppError, EventEnvelope, PublicationContracts, PublicationEvents, PublicationView, PublishedPublication,
} from '@diplomatie/contracts';
import { migrate, revert } from '@diplomatie/persistence';
import {
  demoPrincipals, RpcTestClient, servicePrincipal, ServiceTestEnv, telegramDraft, waitFor, appErrorOf, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, entities, SCHEMA } from '../src/app.module';
import { loadPublicationsEnv } from '../src/config/publications.env';
import { migrations } from '../src/database/migrations';
import { referenceYear } from '../src/publications/publication.domain';

const { create, publish, get, list } = PublicationContracts;

// One identity per person for the whole file (each factory call draws a new id).
const julien = demoPrincipals.julien();
const claire = demoPrincipals.claire();
const marc = demoPrincipals.marc();
const amina = demoPrincipals.amina();
const paul = demoPrincipals.paul();
const sophie = demoPrincipals.sophie();


describe('publications service', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let db: DataSource;

  const count = async (table: 'publication' | 'outbox' | 'reference_counter') =>
    ((await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.${table}`)) as { n: number }[])[0].n;

  const publishedTelegram = async (over: Parameters<typeof telegramDraft>[0] = {}, author = julien) => {
    const draft = await rpc.request(create, author, telegramDraft(over));
    return rpc.request(publish, author, { id: draft.id });
  };

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadPublicationsEnv(vars))));
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  describe('drafts', () => {
    it('creates a numberless draft that only its author sees', async () => {
      const draft = await rpc.request(create, julien, telegramDraft());
      expect(draft).toMatchObject({
        status: 'draft', reference: null, version: 1, authorId: julien.id, emittingUnitId: 'amb-belgrade',
        forAction: ['meae-deur-balkans'], classification: 'restricted', openToPartners: false, publishedAt: null,
      });

      expect(await rpc.request(get, julien, { id: draft.id })).toEqual(draft);
      const hidden = await appErrorOf(rpc.request(get, claire, { id: draft.id }));
      expect(hidden.code).toBe('NOT_FOUND');
      expect((await rpc.request(list, claire, { limit: 100 })).items.map((p) => p.id)).not.toContain(draft.id);
      expect((await rpc.request(list, julien, { mine: true, limit: 100 })).items.map((p) => p.id)).toContain(draft.id);
    });

    it('emits from the author’s first unit when none is given', async () => {
      const draft = await rpc.request(create, julien, telegramDraft({ emittingUnitId: undefined }));
      expect(draft.emittingUnitId).toBe('amb-belgrade');
    });

    it('lets a head of unit emit for the unit they head', async () => {
      const draft = await rpc.request(create, marc, telegramDraft({ emittingUnitId: 'meae-deur-balkans', forAction: ['amb-belgrade'] }));
      expect(draft.emittingUnitId).toBe('meae-deur-balkans');
    });

    it('forbids emitting on behalf of a unit that is not the author’s, and writes nothing', async () => {
      const before = await count('publication');
      const error = await appErrorOf(rpc.request(create, julien, telegramDraft({ emittingUnitId: 'amb-zagreb' })));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/amb-zagreb.*amb-belgrade/);
      expect(await count('publication')).toBe(before);
    });

    it('forbids a partner or a service to write a publication', async () => {
      const before = await count('publication');
      expect((await appErrorOf(rpc.request(create, sophie, telegramDraft({ classification: 'public' })))).code).toBe('FORBIDDEN');
      expect((await appErrorOf(rpc.request(create, servicePrincipal('demo-seed'), telegramDraft()))).code).toBe('FORBIDDEN');
      expect(await count('publication')).toBe(before);
    });
  });

  describe('invalid drafts', () => {
    // Sent raw, past the client's own validation: the service must refuse them itself.
    const cases: [string, Record<string, unknown>, string][] = [
      ['no unit pour action', { ...telegramDraft(), forAction: undefined }, 'forAction'],
      ['an unknown field', { ...telegramDraft(), deadline: '2026-04-01' }, 'deadline'],
      ['a classification that does not exist', { ...telegramDraft(), classification: 'secret-defense' }, 'classification'],
      ['restricted content opened to partners', { ...telegramDraft(), openToPartners: true }, 'openToPartners'],
    ];

    it.each(cases)('refuses %s with VALIDATION_FAILED naming the field, and writes nothing', async (_what, data, field) => {
      const [rows, events] = [await count('publication'), await count('outbox')];
      const reply = (await rpc.raw(create.subject, { principal: julien, data })) as {
        ok: boolean;
        error: { code: string; message: string; details: { path: string; message: string }[] };
      };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(reply.error.details)).toContain(field);
      expect(reply.error.message).toContain(field);
      expect([await count('publication'), await count('outbox')]).toEqual([rows, events]);
    });
  });

  describe('publishing', () => {
    it('allocates the reference, and puts the event with its access descriptor on the PUBLICATIONS stream', async () => {
      const draft = await rpc.request(create, julien, telegramDraft({ communities: ['balkans'] }));
      const published = await rpc.request(publish, julien, { id: draft.id });

      const year = referenceYear(new Date(), 'Europe/Paris');
      expect(published.reference).toMatch(new RegExp(`^AMB-BELGRADE-${year}-\\d{6}$`));
      expect(published).toMatchObject({ id: draft.id, status: 'published', version: 1 });
      expect(Date.parse(published.publishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(draft.createdAt));
      expect(await rpc.request(get, julien, { id: draft.id })).toEqual(published);

      const jsm = await rpc.connection.jetstreamManager();
      const stream = `PUBLICATIONS_${env.namespace.toUpperCase()}`;
      const subject = `${env.namespace}.${PublicationEvents.published.subject}`;
      const stored = await waitFor(
        async () => {
          const msg = await jsm.streams.getMessage(stream, { last_by_subj: subject });
          const event = msg.json<EventEnvelope<PublishedPublication>>();
          return event.data.publication.id === draft.id ? { msg, event } : undefined;
        },
        { what: 'publication.published on the stream' },
      );
      expect(stored.event).toMatchObject({
        type: 'publication.published',
        version: 1,
        actor: { kind: 'agent', id: julien.id },
        tenant: 'diplomatie',
        data: {
          publication: published,
          access: {
            classification: 'restricted', status: 'published', authorId: julien.id,
            units: ['amb-belgrade', 'meae-deur-balkans', 'meae-com'], communities: ['balkans'],
            agents: [julien.id], ministries: [], partners: false,
          },
        },
      });
      expect(stored.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // uuid v7
      // The event id is the deduplication key on JetStream.
      expect((stored.msg.header ?? natsHeaders()).get('Nats-Msg-Id')).toBe(stored.event.id);
    });

    it('refuses to publish twice (CONFLICT) and emits one event only', async () => {
      const first = await publishedTelegram();
      const events = await count('outbox');
      const error = await appErrorOf(rpc.request(publish, julien, { id: first.id }));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain(first.reference ?? 'no reference');
      expect(await count('outbox')).toBe(events);
      expect((await rpc.request(get, julien, { id: first.id })).reference).toBe(first.reference);
    });

    it('publishes a draft once when its author clicks five times at once', async () => {
      const draft = await rpc.request(create, julien, telegramDraft());
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => rpc.request(publish, julien, { id: draft.id })));
      const won = outcomes.filter((o): o is PromiseFulfilledResult<PublicationView> => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((o) => (o.reason as AppError).code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
      const events: { n: number }[] = await db.query(
        `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE payload->'data'->'publication'->>'id' = $1`,
        [draft.id],
      );
      expect(events[0].n).toBe(1);
    });

    it('lets only the author publish: hidden to others, forbidden to readers', async () => {
      const draft = await rpc.request(create, julien, telegramDraft());
      expect((await appErrorOf(rpc.request(publish, claire, { id: draft.id }))).code).toBe('NOT_FOUND');
      expect((await appErrorOf(rpc.request(publish, servicePrincipal(), { id: draft.id }))).code).toBe('FORBIDDEN');
      expect((await rpc.request(get, julien, { id: draft.id })).status).toBe('draft');

      await rpc.request(publish, julien, { id: draft.id });
      expect((await appErrorOf(rpc.request(publish, claire, { id: draft.id }))).code).toBe('FORBIDDEN');
    });

    it('answers NOT_FOUND for a publication that does not exist', async () => {
      const error = await appErrorOf(rpc.request(publish, julien, { id: '0195f0c2-7a3e-7b4c-9d1e-2f3a4b5c6d7e' }));
      expect(error.code).toBe('NOT_FOUND');
    });
  });

  describe('reading one', () => {
    it('shows a restricted telegram to its author and its action unit, to nobody else', async () => {
      const telegram = await publishedTelegram({ forInformation: [] });
      expect((await rpc.request(get, julien, { id: telegram.id })).reference).toBe(telegram.reference);
      expect((await rpc.request(get, claire, { id: telegram.id })).reference).toBe(telegram.reference);
      expect((await rpc.request(get, marc, { id: telegram.id })).id).toBe(telegram.id);

      const missing = await appErrorOf(rpc.request(get, claire, { id: '0195f0c2-7a3e-7b4c-9d1e-2f3a4b5c6d7e' }));
      for (const outsider of [amina, paul, sophie]) {
        const error = await appErrorOf(rpc.request(get, outsider, { id: telegram.id }));
        expect(error.code).toBe('NOT_FOUND');
        expect(error.message).toBe(missing.message); // hidden and missing are indistinguishable
      }
    });

    it('shows a restricted telegram to the units pour information', async () => {
      const telegram = await publishedTelegram({ forInformation: ['meae-com'] });
      expect((await rpc.request(get, amina, { id: telegram.id })).id).toBe(telegram.id);
    });

    it('shows internal content to every agent, never to a partner', async () => {
      const telegram = await publishedTelegram({ classification: 'internal', forInformation: [] });
      expect((await rpc.request(get, paul, { id: telegram.id })).id).toBe(telegram.id);
      expect((await appErrorOf(rpc.request(get, sophie, { id: telegram.id }))).code).toBe('NOT_FOUND');
    });

    it('shows public content to a partner only when it is opened to partners and published', async () => {
      const closed = await publishedTelegram({ classification: 'public' });
      expect((await appErrorOf(rpc.request(get, sophie, { id: closed.id }))).code).toBe('NOT_FOUND');

      const draft = await rpc.request(create, julien, telegramDraft({ classification: 'public', openToPartners: true }));
      expect(draft.openToPartners).toBe(true);
      expect((await appErrorOf(rpc.request(get, sophie, { id: draft.id }))).code).toBe('NOT_FOUND');
      const open = await rpc.request(publish, julien, { id: draft.id });
      expect((await rpc.request(get, sophie, { id: open.id })).reference).toBe(open.reference);

      const charterless = { ...sophie, charterAccepted: false };
      expect((await appErrorOf(rpc.request(get, charterless, { id: open.id }))).code).toBe('NOT_FOUND');
    });
  });

  describe('listing', () => {
    it('walks a feed newest first, two at a time, without repeats or gaps', async () => {
      const luc = demoPrincipals.julien(); // a colleague of Julien's at Belgrade, with a feed of his own
      const created: PublicationView[] = [];
      for (let i = 1; i <= 5; i++) {
        const draft = await rpc.request(create, luc, telegramDraft({ subject: `Serbie — point de situation n° ${i}` }));
        created.push(i % 2 ? await rpc.request(publish, luc, { id: draft.id }) : draft);
      }

      const seen: PublicationView[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await rpc.request(list, luc, { mine: true, limit: 2, cursor });
        sizes.push(page.items.length);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);

      expect(sizes).toEqual([2, 2, 1]);
      const key = (p: PublicationView) => p.publishedAt ?? p.createdAt;
      const expected = [...created].sort((a, b) => key(b).localeCompare(key(a)) || b.id.localeCompare(a.id));
      expect(seen.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    });

    it('lists only what each reader may see', async () => {
      const restricted = await publishedTelegram({ forInformation: [] });
      const internal = await publishedTelegram({ classification: 'internal', forInformation: [] });
      const open = await publishedTelegram({ classification: 'public', openToPartners: true });
      const draft = await rpc.request(create, julien, telegramDraft());
      const ids = async (who: Parameters<typeof rpc.request>[1]) => {
        const all: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await rpc.request(list, who, { limit: 100, cursor });
          all.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return all;
      };

      const forClaire = await ids(claire);
      expect(forClaire).toEqual(expect.arrayContaining([restricted.id, internal.id, open.id]));
      expect(forClaire).not.toContain(draft.id);

      const forPaul = await ids(paul);
      expect(forPaul).toEqual(expect.arrayContaining([internal.id, open.id]));
      expect(forPaul).not.toContain(restricted.id);

      const forSophie = await ids(sophie);
      expect(forSophie).toContain(open.id);
      expect(forSophie).not.toContain(restricted.id);
      expect(forSophie).not.toContain(internal.id);
      // Every item a reader lists, the same reader may open: the SQL filter and canRead agree.
      for (const [who, seen] of [[claire, forClaire], [paul, forPaul], [sophie, forSophie]] as const) {
        for (const id of seen) expect((await rpc.request(get, who, { id })).id).toBe(id);
      }
      expect(await ids(servicePrincipal())).toHaveLength(await count('publication'));
    });

    it('filters by status and kind, and by author with "mine"', async () => {
      const drafts = await rpc.request(list, julien, { status: 'draft', limit: 100 });
      expect(drafts.items.length).toBeGreaterThan(0);
      expect(drafts.items.every((p) => p.status === 'draft' && p.authorId === julien.id)).toBe(true);

      expect((await rpc.request(list, claire, { status: 'draft', limit: 100 })).items).toEqual([]);
      expect((await rpc.request(list, claire, { kind: 'formal_letter', limit: 100 })).items).toEqual([]);
      expect((await rpc.request(list, claire, { mine: true, limit: 100 })).items).toEqual([]);
      expect((await rpc.request(list, sophie, { mine: true, limit: 100 })).items).toEqual([]);
      const telegrams = await rpc.request(list, claire, { kind: 'telegram', status: 'published', limit: 100 });
      expect(telegrams.items.length).toBeGreaterThan(0);
      expect(telegrams.items.every((p) => p.kind === 'telegram' && p.status === 'published')).toBe(true);
    });

    it('reads "mine=false" from a query string as false', async () => {
      const reply = (await rpc.raw(list.subject, { principal: claire, data: { mine: 'false', limit: '100' } })) as {
        ok: boolean;
        data: { items: unknown[] };
      };
      expect(reply.ok).toBe(true);
      expect(reply.data.items.length).toBeGreaterThan(0);
    });

    it('refuses a cursor it did not issue', async () => {
      const forged = Buffer.from(JSON.stringify({ at: 'yesterday', id: 'x' })).toString('base64url');
      for (const cursor of ['not-a-cursor', forged]) {
        expect((await appErrorOf(rpc.request(list, claire, { cursor }))).code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('database', () => {
    it('refuses a row whose access columns drift from the publication', async () => {
      const telegram = await publishedTelegram({ classification: 'restricted' });
      await expect(db.query(`UPDATE ${SCHEMA}.publication SET partners = true WHERE id = $1`, [telegram.id])).rejects.toThrow(/partners/);
      await expect(
        db.query(`UPDATE ${SCHEMA}.publication SET access_units = access_units || '{meae-com-presse}' WHERE id = $1`, [telegram.id]),
      ).rejects.toThrow(/access_units/);
    });

    it('reports ready when PostgreSQL and NATS answer', async () => {
      const res = await fetch(`${await app.getUrl()}/health/ready`);
      expect(res.status).toBe(200);
    });

    it('migrates down and up again', async () => {
      const opts = { url: env.database.url, schema: SCHEMA, entities, migrations };
      await revert(opts, migrations.length);
      const tables: unknown[] = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations'`, [SCHEMA]);
      expect(tables).toEqual([]);
      expect(await migrate(opts)).toEqual(migrations.map((m) => m.name));
    });
  });
});
