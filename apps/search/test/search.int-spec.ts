import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import {
  AppError, EventEnvelope, Principal, PublicationEvents, PublishedPublication, SearchContracts, SearchQuery, SearchResult,
} from '@diplomatie/contracts';
import { migrate, revert } from '@diplomatie/persistence';
import {
  agentPrincipal, demoPrincipals, RpcTestClient, servicePrincipal, ServiceTestEnv, waitFor, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadSearchEnv } from '../src/config/search.env';
import { migrations } from '../src/database/migrations';
import { fixtures, FixtureName, publishedEnvelope } from './telegrams';

const service = servicePrincipal('gateway');
const claire = demoPrincipals.claire();
const sophie = demoPrincipals.sophie();

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
  async function publish(envelope: EventEnvelope<PublishedPublication>, msgID = envelope.id, subject = PublicationEvents.published.subject): Promise<number> {
    const ack = await rpc.connection.jetstream().publish(`${env.namespace}.${subject}`, JSON.stringify(envelope), { msgID });
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
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadSearchEnv(vars))));
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
    await stopServiceUnderTest({ rpc, app, env });
  });

  // The engine's behaviour (analysis, access, facets, filters, pagination) is the contract suite's
  // (search-backend.contract.int-spec.ts); here, the service around it: events in, NATS API out.
  describe('through the NATS API', () => {
    it('answers with the hits, counts and facets of what the principal may see', async () => {
      expect(names(await search(claire, { q: 'négociation' })).sort()).toEqual(['adhesion', 'note', 'presse']);
      const partner = await search(sophie, { q: 'négociation' });
      expect(names(partner)).toEqual(['presse']);
      expect(partner.total).toBe(1);
      expect(partner.facets.topic).toEqual([{ value: 'elargissement', count: 1 }, { value: 'serbie', count: 1 }, { value: 'union-europeenne', count: 1 }]);
    });

    it('reads the operators of the query syntax', async () => {
      expect(names(await search(service, { q: 'gaz kind:telegram topic:serbie from:amb-belgrade after:2026-01-02 before:2026-01-03' }))).toEqual(['gaz']);
    });

    it('applies a permission change from the next query on: a member who leaves a community no longer finds its restricted telegram', async () => {
      // The Kosovo telegram is restricted, shared with the community "veille-kosovo".
      const member = agentPrincipal({ login: 'lucie.petit', units: ['amb-washington'], communities: ['veille-kosovo'] });
      expect(names(await search(member, { q: 'kosovo' })).sort()).toEqual(['kosovo', 'presse']);
      const left = { ...member, communities: [] };
      const after = await search(left, { q: 'kosovo' });
      expect(names(after)).toEqual(['presse']);
      expect(after.total).toBe(1);
    });

    it('rejects a cursor it did not issue', async () => {
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

    it('rejects an operator with a value it cannot read, naming q', async () => {
      for (const q of ['kind:telex', 'serbie after:2026-02-30', '-topic:serbie']) {
        const error = await search(claire, { q }).catch((e: AppError) => e);
        expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'q' }] });
      }
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
  });

  describe('updates and withdrawals', () => {
    it('indexes the new version of publication.updated.v1, and drops a withdrawn publication from every hit, count and facet', async () => {
      const envelope = publishedEnvelope('gaz', '2026-01-21T09:00:00.000Z');
      const { publication, access } = envelope.data;
      await publish(envelope);
      const subject = 'Serbie — sécurité d’approvisionnement gazier : le terminal de Smederevo';
      const updated = {
        ...envelope, id: randomUUID(), type: 'publication.updated',
        data: { publication: { ...publication, subject, version: 2 }, access, changedFields: ['subject'] },
      };
      await consumed(await publish(updated, updated.id, PublicationEvents.updated.subject));
      expect((await search(service, { q: 'Smederevo' })).items.map((h) => [h.id, h.subject])).toEqual([[publication.id, subject]]);

      const before = await search(claire, { q: 'serbie gaz', limit: 100 });
      expect(before.items.map((h) => h.id)).toContain(publication.id);
      const withdrawn = {
        ...envelope, id: randomUUID(), type: 'publication.withdrawn',
        data: {
          publication: { ...publication, subject, version: 2, status: 'withdrawn' as const }, access: { ...access, status: 'withdrawn' as const },
          reason: 'Envoyé par erreur', withdrawnAt: '2026-01-22T09:00:00.000Z',
        },
      };
      await consumed(await publish(withdrawn, withdrawn.id, PublicationEvents.withdrawn.subject));
      expect((await search(service, { q: 'Smederevo' })).total).toBe(0);
      const after = await search(claire, { q: 'serbie gaz', limit: 100 });
      expect(after.items.map((h) => h.id)).not.toContain(publication.id);
      expect(after.total).toBe(before.total - 1);
      expect(after.facets.kind).toEqual([{ value: 'telegram', count: before.total - 1 }]);
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
