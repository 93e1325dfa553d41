import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import {
  AppError, EventEnvelope, PartnerPrincipal, Principal, PublicationEvents, PublishedPublication, SearchContracts, SearchQuery, SearchResult,
} from '@diplomatie/contracts';
import { migrate, revert } from '@diplomatie/persistence';
import {
  demoPrincipals, disposeServiceTestEnv, RpcTestClient, servicePrincipal, serviceTestEnv, ServiceTestEnv, startInProcess, waitFor,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadSearchEnv } from '../src/config/search.env';
import { migrations } from '../src/database/migrations';
import { SearchBackend } from '../src/search/search-backend';
import { fixtures, FixtureName, publishedEnvelope } from './telegrams';

const service = servicePrincipal('gateway');
const claire = demoPrincipals.claire();
const amina = demoPrincipals.amina();
const paul = demoPrincipals.paul();
const sophie = demoPrincipals.sophie();
const sophieWithoutCharter: PartnerPrincipal = { ...demoPrincipals.sophie(), charterAccepted: false };

describe('search service', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let db: Client;
  /** Publication id of each fixture, as indexed. */
  const ids = {} as Record<FixtureName, string>;
  const nameOf = (id: string) => (Object.keys(ids) as FixtureName[]).find((n) => ids[n] === id) ?? id;

  const search = (principal: Principal, query: Partial<SearchQuery> & { q: string }) => rpc.request(SearchContracts.query, principal, query);
  const names = (result: SearchResult) => result.items.map((hit) => nameOf(hit.id));

  /** As production does: the envelope on the publications stream, deduplicated by its event id. */
  async function publish(envelope: EventEnvelope<PublishedPublication>, msgID = envelope.id): Promise<number> {
    const ack = await rpc.connection.jetstream().publish(`${env.namespace}.${PublicationEvents.published.subject}`, JSON.stringify(envelope), { msgID });
    return ack.seq;
  }
  /** Until the search consumer has acknowledged everything up to `seq`. */
  async function consumed(seq: number): Promise<void> {
    const jsm = await rpc.connection.jetstreamManager();
    await waitFor(async () => (await jsm.consumers.info(`PUBLICATIONS_${env.namespace.toUpperCase()}`, 'search')).ack_floor.stream_seq >= seq, {
      what: `event ${seq} consumed`,
    });
  }

  beforeAll(async () => {
    env = await serviceTestEnv();
    app = await startInProcess(AppModule.register(loadSearchEnv(env.env)));
    rpc = await RpcTestClient.connect(env.namespace);
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    let day = 1;
    for (const name of Object.keys(fixtures) as FixtureName[]) {
      const envelope = publishedEnvelope(name, `2026-01-${String(day++).padStart(2, '0')}T09:00:00.000Z`);
      ids[name] = envelope.data.publication.id;
      await publish(envelope);
    }
    await waitFor(async () => (await search(service, { q: 'serbie or etats-unis or croatie' })).total === 8, { timeoutMs: 10_000, what: 'the 8 publications indexed' });
  });
  afterAll(async () => {
    await db?.end();
    await rpc?.close();
    await app?.close();
    if (env) await disposeServiceTestEnv(env);
  });

  describe('French analysis', () => {
    it('finds another inflection of a word of the body', async () => {
      // "négociations" in the bodies of the restricted telegram and the press review, "négociation" in the note.
      const result = await search(service, { q: 'négociation' });
      expect(names(result).sort()).toEqual(['adhesion', 'note', 'presse']);
      expect(names(await search(service, { q: 'plaider' })).sort()).toEqual(['adhesion', 'presse']); // "a plaidé", "plaide"
    });

    it('folds accents and case, in the text and in the query', async () => {
      const expected = [ids.adhesion]; // "la politique d'élargissement", in its body only
      for (const q of ['elargissement', 'élargissement', 'ÉLARGISSEMENT', 'Elargissements']) {
        expect((await search(service, { q })).items.map((h) => h.id)).toEqual(expected);
      }
      const lower = names(await search(service, { q: 'négociation' }));
      expect(names(await search(service, { q: 'NÉGOCIATION' }))).toEqual(lower);
      expect(names(await search(service, { q: 'Negociation' }))).toEqual(lower);
    });

    it('matches a "phrase" only where its words follow each other', async () => {
      // "droits de douane" and "États-Unis" make the steel telegram match the words, not the phrase.
      expect(names(await search(service, { q: 'état droit' })).sort()).toEqual(['acier', 'adhesion', 'note']);
      expect(names(await search(service, { q: '"état de droit"' })).sort()).toEqual(['adhesion', 'note']);
      expect(names(await search(service, { q: '"gaz naturel liquéfié"' })).sort()).toEqual(['gnl', 'krk']);
      expect((await search(service, { q: '"liquéfié naturel gaz"' })).total).toBe(0);
    });

    it('excludes the publications with a -word', async () => {
      expect(names(await search(service, { q: 'serbie' })).sort()).toEqual(['adhesion', 'gaz', 'kosovo', 'krk', 'note', 'presse']);
      // The press review mentions "le dossier du Kosovo" in its body.
      expect(names(await search(service, { q: 'serbie -kosovo' })).sort()).toEqual(['adhesion', 'gaz', 'krk', 'note']);
    });

    it('ranks the subject above the body and highlights the matches in <mark>, HTML-escaped', async () => {
      const result = await search(service, { q: 'négociations' });
      expect(names(result)[0]).toBe('adhesion'); // in its subject; the two others only in their text
      const [first] = result.items;
      expect(first.subjectHighlight).toBe('Serbie — <mark>négociations</mark> d&#39;adhésion : perspectives d&#39;ouverture du groupe de chapitres n° 3');
      expect(first.highlight).toContain('l&#39;enlisement des <mark>négociations</mark> nourrissait');
      const presse = result.items.find((h) => h.id === ids.presse);
      expect(presse?.highlight).toContain('la durée des <mark>négociations</mark>');
      for (const hit of result.items) {
        expect(hit.highlight.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.score).toBeLessThan(1);
      }
      expect(result.items.map((h) => h.score)).toEqual([...result.items.map((h) => h.score)].sort((a, b) => b - a));
    });
  });

  describe('access', () => {
    it('finds the restricted telegram for the Balkans service, with it in total and facets', async () => {
      const result = await search(claire, { q: 'négociation' });
      expect(names(result).sort()).toEqual(['adhesion', 'note', 'presse']);
      expect(result.total).toBe(3);
      expect(result.facets).toEqual({
        kind: [{ value: 'telegram', count: 2 }, { value: 'diplomatic_note', count: 1 }],
        topic: [{ value: 'serbie', count: 3 }, { value: 'union-europeenne', count: 3 }, { value: 'elargissement', count: 2 }],
        unit: [{ value: 'amb-belgrade', count: 2 }, { value: 'meae-deur-balkans', count: 1 }],
      });
    });

    it.each([
      ['amina (communication, not addressed)', amina],
      ['paul (another ministry)', paul],
    ])('hides it from %s: no hit, no count, no facet', async (_who, principal) => {
      const result = await search(principal, { q: 'négociation' });
      expect(names(result).sort()).toEqual(['note', 'presse']);
      expect(result.total).toBe(2);
      expect(result.facets).toEqual({
        kind: [{ value: 'diplomatic_note', count: 1 }, { value: 'telegram', count: 1 }],
        topic: [{ value: 'serbie', count: 2 }, { value: 'union-europeenne', count: 2 }, { value: 'elargissement', count: 1 }],
        unit: [{ value: 'amb-belgrade', count: 1 }, { value: 'meae-deur-balkans', count: 1 }],
      });
      expect((await search(principal, { q: 'enlisement' })).total).toBe(0); // a word only that telegram has
    });

    it('shows a restricted telegram to a unit it is addressed to pour information', async () => {
      expect(names(await search(amina, { q: 'kosovo' })).sort()).toEqual(['kosovo', 'presse']);
      expect(names(await search(paul, { q: 'kosovo' }))).toEqual(['presse']);
    });

    it('shows a partner only public documents opened to partners', async () => {
      const result = await search(sophie, { q: 'négociation' });
      expect(names(result)).toEqual(['presse']);
      expect(result.total).toBe(1);
      expect(result.facets.kind).toEqual([{ value: 'telegram', count: 1 }]);
      // Three telegrams speak of gas; only the public one on American LNG is opened to partners.
      expect(names(await search(sophie, { q: 'gaz' }))).toEqual(['gnl']);
    });

    it('shows nothing to a partner who has not accepted the charter', async () => {
      expect(await search(sophieWithoutCharter, { q: 'serbie' })).toEqual({
        items: [], nextCursor: null, total: 0, facets: { kind: [], topic: [], unit: [] },
      });
    });
  });

  describe('filters', () => {
    it('by kind', async () => {
      expect(names(await search(service, { q: 'négociation', kind: 'diplomatic_note' }))).toEqual(['note']);
      expect(names(await search(service, { q: 'négociation', kind: 'telegram' })).sort()).toEqual(['adhesion', 'presse']);
      expect((await search(service, { q: 'négociation', kind: 'formal_letter' })).total).toBe(0);
    });

    it('by topic', async () => {
      const result = await search(service, { q: 'serbie', topic: 'energie' });
      expect(names(result).sort()).toEqual(['gaz', 'krk']);
      expect(result.facets.topic).toContainEqual({ value: 'energie', count: 2 });
    });

    it('by unit, emitting or addressed', async () => {
      expect(names(await search(service, { q: 'union', unit: 'amb-zagreb' }))).toEqual(['krk']); // emitting
      expect(names(await search(service, { q: 'union', unit: 'meae-com' })).sort()).toEqual(['gnl', 'kosovo', 'presse']); // pour information
      expect(names(await search(service, { q: 'union', unit: 'minefi-tresor-europe' })).sort()).toEqual(['acier', 'gaz', 'gnl', 'krk']);
    });

    it('by community', async () => {
      expect(names(await search(service, { q: 'serbie', community: 'balkans' })).sort()).toEqual(['gaz', 'krk', 'presse']);
    });

    it('by publication date, from inclusive and to exclusive', async () => {
      const result = await search(service, { q: 'serbie', from: '2026-01-03T09:00:00Z', to: '2026-01-05T09:00:00Z' });
      expect(names(result).sort()).toEqual(['kosovo', 'presse']);
      expect(result.items.find((h) => h.id === ids.presse)?.publishedAt).toBe('2026-01-03T09:00:00.000000Z');
    });

    it('combined, with the access scope', async () => {
      expect(names(await search(amina, { q: 'serbie', topic: 'elargissement', unit: 'amb-belgrade' }))).toEqual(['presse']);
      expect(names(await search(claire, { q: 'serbie', topic: 'elargissement', unit: 'amb-belgrade' })).sort()).toEqual(['adhesion', 'presse']);
    });
  });

  describe('pagination', () => {
    async function walk(principal: Principal, q: string, limit: number) {
      const pages: SearchResult[] = [];
      let cursor: string | undefined;
      do {
        const page = await search(principal, { q, limit, cursor });
        pages.push(page);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pages.length < 20);
      return pages;
    }

    it('walks every result once, in order, with the same total on each page', async () => {
      const pages = await walk(service, 'union', 2);
      const hits = pages.flatMap((p) => p.items);
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2, 1]);
      expect(pages.every((p) => p.total === 7)).toBe(true);
      expect(new Set(hits.map((h) => h.id)).size).toBe(7);
      const all = await search(service, { q: 'union', limit: 100 });
      expect(hits.map((h) => h.id)).toEqual(all.items.map((h) => h.id));
      expect(all.nextCursor).toBeNull();
    });

    it('never pages a document the caller may not see', async () => {
      const hits = (await walk(amina, 'union', 2)).flatMap((p) => p.items);
      expect(hits.map((h) => nameOf(h.id)).sort()).toEqual(['acier', 'gaz', 'gnl', 'kosovo', 'krk', 'presse']);
    });

    it('ends on a full last page with no cursor', async () => {
      const [page] = await walk(service, 'négociation', 3);
      expect(page.items).toHaveLength(3);
      expect(page.nextCursor).toBeNull();
    });

    it('rejects a cursor it did not issue, or issued for another query', async () => {
      const first = await search(service, { q: 'union', limit: 2 });
      await expect(search(service, { q: 'serbie', limit: 2, cursor: first.nextCursor ?? '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(search(service, { q: 'union', limit: 2, cursor: 'pas-un-curseur' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('validation', () => {
    it('rejects an empty query, checked by the service itself', async () => {
      for (const q of ['', '   ']) {
        const reply = await rpc.raw(SearchContracts.query.subject, { principal: claire, data: { q } });
        expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'q' }] } });
      }
      const missing = await rpc.raw(SearchContracts.query.subject, { principal: claire, data: { kind: 'telegram' } });
      expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'q' }] } });
    });

    it('rejects a period that ends before it starts', async () => {
      const error = await search(claire, { q: 'serbie', from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).catch((e: AppError) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'to' }] });
    });

    it('answers a query made only of stop words with nothing', async () => {
      expect((await search(service, { q: 'de la du et au' })).total).toBe(0);
    });
  });

  describe('indexing', () => {
    it('indexes a redelivered event, or the same publication sent again, once', async () => {
      const envelope = publishedEnvelope('acier', '2026-01-20T09:00:00.000Z');
      const id = envelope.data.publication.id;
      await publish(envelope);
      // A redelivery after JetStream's duplicate window: same event id, new message id.
      await publish(envelope, `${envelope.id}-redelivered`);
      // The publication again under another event id: the upsert by id keeps one document.
      const seq = await publish({ ...envelope, id: publishedEnvelope('acier', envelope.occurredAt).id });
      await consumed(seq);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM search.document WHERE id = $1`, [id]);
      expect(rows[0].n).toBe(1);
      const processed = await db.query(`SELECT count(*)::int AS n FROM search.processed_event WHERE event_id = $1`, [envelope.id]);
      expect(processed.rows[0].n).toBe(1);
      expect(names(await search(service, { q: 'aluminium' })).sort()).toEqual(['acier', id].sort());
    });

    it('removes a document through the backend port', async () => {
      const before = await search(service, { q: 'aluminium' });
      const extra = before.items.find((h) => h.id !== ids.acier);
      expect(extra).toBeDefined();
      await app.get(SearchBackend).remove(extra?.id ?? '');
      expect(names(await search(service, { q: 'aluminium' }))).toEqual(['acier']);
    });
  });

  describe('operations', () => {
    it('reports ready when PostgreSQL and NATS answer', async () => {
      const res = await fetch(`${await app.getUrl()}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, nats: { status: 'up' } } });
    });

    it('migrates down and up again', async () => {
      const opts = { url: env.database.url, schema: SCHEMA, entities: [], migrations };
      await revert(opts, 1);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_ts_config WHERE cfgname = 'french_unaccent'`);
      expect(rows[0].n).toBe(0);
      expect(await migrate(opts)).toEqual(['Initial1763900000000']);
      expect((await search(service, { q: 'serbie' })).total).toBe(0);
    });
  });
});
