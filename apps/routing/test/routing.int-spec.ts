import { INestApplication } from '@nestjs/common';
import { JetStreamClient, JetStreamManager } from 'nats';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  AccessDescriptor, AgentSnapshot, Assignment, DirectoryEvents, envelopeOf, Principal, PublicationEvents,
  PublicationView, PublishedPublication, RoutingContracts, RoutingEvents, ToHandleItem,
} from '@diplomatie/contracts';
import { migrate, revert } from '@diplomatie/persistence';
import {
  agentPrincipal, demoPrincipals, RpcTestClient, servicePrincipal, ServiceTestEnv, telegramDraft, waitFor, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { Clock } from '../src/clock';
import { loadRoutingEnv } from '../src/config/routing.env';
import { migrations } from '../src/database/migrations';
import { routingEntities } from '../src/journal/journal.entity';

class TestClock extends Clock {
  current = new Date('2026-03-12T09:30:02.000Z');
  now(): Date {
    return this.current;
  }
}

const encoder = new TextEncoder();
const HOUR = 3_600_000;

describe('routing service', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let db: Client;
  const clock = new TestClock();

  const julien = demoPrincipals.julien();
  const claire = demoPrincipals.claire();
  const marc = demoPrincipals.marc();
  const amina = agentPrincipal({ ...demoPrincipals.amina(), topics: ['union-europeenne'] });
  const isabelle = agentPrincipal({ login: 'isabelle.fontaine', displayName: 'Isabelle Fontaine', units: ['meae-dgm-dde'] });
  // Follows exactly what the telegram is about: only the access policy keeps it out of their journal.
  const camille = agentPrincipal({ login: 'camille.roux', displayName: 'Camille Roux', units: ['amb-washington'], topics: ['serbie'], communities: ['balkans'] });
  const sophie = { ...demoPrincipals.sophie(), topics: ['serbie'] };

  let reference = 122;
  /** A telegram from Belgrade as publications emits it: restricted, pour action Balkans, pour information communication. */
  function belgradeTelegram(over: Partial<PublicationView> = {}, accessOver: Partial<AccessDescriptor> = {}): PublishedPublication {
    const draft = telegramDraft();
    reference++;
    const publication: PublicationView = {
      id: uuidv7(),
      reference: `BELGRADE-2026-000${reference}`,
      kind: 'telegram',
      subject: draft.subject,
      summary: draft.summary,
      body: draft.body,
      priority: draft.priority,
      country: draft.country,
      topics: draft.topics,
      communities: draft.communities,
      classification: draft.classification,
      forAction: draft.forAction,
      forInformation: draft.forInformation,
      emittingUnitId: draft.emittingUnitId,
      authorId: julien.id,
      status: 'published',
      version: 1,
      openToPartners: false,
      createdAt: '2026-03-12T08:55:00.000Z',
      publishedAt: '2026-03-12T09:30:00.000Z',
      ...over,
    };
    const access: AccessDescriptor = {
      classification: publication.classification,
      status: 'published',
      authorId: publication.authorId,
      units: [...new Set([publication.emittingUnitId, ...publication.forAction, ...publication.forInformation])],
      communities: publication.communities,
      agents: [],
      ministries: [],
      partners: false,
      ...accessOver,
    };
    return { publication, access };
  }

  function envelope(data: unknown, type = PublicationEvents.published.type, id: string = uuidv7()) {
    return { id, type, version: 1, occurredAt: new Date().toISOString(), actor: { kind: 'agent', id: julien.id }, tenant: 'diplomatie', data };
  }

  /** As the publications relay does it, except the msgID: a fresh one each time, so JetStream never dedupes. */
  async function publish(subject: string, body: unknown): Promise<void> {
    await js.publish(`${env.namespace}.${subject}`, encoder.encode(JSON.stringify(body)), { msgID: uuidv7() });
  }

  const toHandle = (p: Principal, data: { limit?: number; cursor?: string } = {}) => rpc.request(RoutingContracts.toHandle, p, { limit: 100, ...data });
  const interests = (p: Principal, data: { limit?: number; cursor?: string } = {}) => rpc.request(RoutingContracts.interests, p, { limit: 100, ...data });
  const handles = async (p: Principal, publicationId: string) => (await toHandle(p)).items.filter((i) => i.publicationId === publicationId);

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadRoutingEnv(vars), { clock })));
    js = rpc.connection.jetstream();
    jsm = await rpc.connection.jetstreamManager();
    db = new Client({ connectionString: env.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await stopServiceUnderTest({ rpc, app, env });
  });

  const telegram = belgradeTelegram();
  const telegramEnvelope = envelope(telegram);

  it('puts a published telegram in the action unit\'s à traiter within a second', async () => {
    const started = performance.now();
    await publish(PublicationEvents.published.subject, telegramEnvelope);
    const [item] = await waitFor(async () => {
      const found = await handles(claire, telegram.publication.id);
      return found.length > 0 && found;
    }, { timeoutMs: 1_000, intervalMs: 10, what: 'the telegram in claire\'s à traiter' });
    console.log(`routing: publication.published → claire's à traiter in ${Math.round(performance.now() - started)} ms`);

    expect(item).toEqual<ToHandleItem>({
      publicationId: telegram.publication.id,
      reference: telegram.publication.reference,
      kind: 'telegram',
      subject: 'Serbie — reprise des négociations d’adhésion à l’Union européenne',
      summary: telegram.publication.summary,
      priority: 'urgent',
      classification: 'restricted',
      emittingUnitId: 'amb-belgrade',
      authorId: julien.id,
      publishedAt: '2026-03-12T09:30:00.000Z',
      assignment: {
        id: expect.any(String),
        publicationId: telegram.publication.id,
        unitId: 'meae-deur-balkans',
        role: 'action',
        state: 'received',
        assigneeId: null,
        deadline: '2026-03-13T09:30:00.000Z', // urgent: 24 hours after publication
        createdAt: clock.current.toISOString(),
        updatedAt: clock.current.toISOString(),
      },
      unread: true,
      overdue: false,
      escalation: null,
    });
  });

  it('shows it to the head of the service too', async () => {
    expect(await handles(marc, telegram.publication.id)).toHaveLength(1);
  });

  it('gives the unit pour information an interest, not a task', async () => {
    expect(await handles(amina, telegram.publication.id)).toEqual([]);
    const mine = (await interests(amina)).items.filter((i) => i.publicationId === telegram.publication.id);
    expect(mine.map((i) => i.reasons)).toEqual([['topic:union-europeenne', 'information:meae-com']]);
    const claires = (await interests(claire)).items.filter((i) => i.publicationId === telegram.publication.id);
    expect(claires.map((i) => i.reasons)).toEqual([['topic:serbie']]);
  });

  it('shows a restricted telegram to no one outside its perimeter, whatever they follow', async () => {
    expect(await handles(camille, telegram.publication.id)).toEqual([]);
    expect((await interests(camille)).items.map((i) => i.publicationId)).not.toContain(telegram.publication.id);

    const opened = belgradeTelegram(
      { subject: 'Serbie — revue de presse : l\'opinion serbe face à la perspective européenne', priority: 'routine', classification: 'public', openToPartners: true, forInformation: [] },
      { partners: true },
    );
    await publish(PublicationEvents.published.subject, envelope(opened));
    const seen = await waitFor(async () => {
      const ids = (await interests(sophie)).items.map((i) => i.publicationId);
      return ids.includes(opened.publication.id) && ids;
    }, { what: 'the public telegram in the partner\'s interests' });
    expect(seen).not.toContain(telegram.publication.id);
    expect(await toHandle(sophie)).toEqual({ items: [], nextCursor: null });
  });

  it('orders à traiter by priority, then deadline, and pages it with cursors stable under inserts', async () => {
    const t0 = Date.parse('2026-03-12T09:30:00.000Z');
    const dde = (priority: PublicationView['priority'], publishedAtMs: number, subject: string) =>
      belgradeTelegram({
        subject, priority, publishedAt: new Date(publishedAtMs).toISOString(), forAction: ['meae-dgm-dde'], forInformation: ['minefi-tresor-europe'],
        emittingUnitId: 'amb-washington', reference: null, classification: 'internal', topics: ['etats-unis', 'energie'],
      });
    const routine = dde('routine', t0 - HOUR, 'États-Unis — énergie : les exportations de GNL vers l\'Europe atteignent un niveau record');
    const flash = dde('flash', t0, 'États-Unis — commerce : annonce imminente de droits de douane sur l\'acier européen');
    const laterPriority = dde('priority', t0 + 10 * 60_000, 'États-Unis — Congrès : audition sur les sanctions énergétiques');
    const earlierPriority = dde('priority', t0, 'États-Unis — Trésor : consultation sur le contrôle des investissements');
    // The later one first, so that insertion order (and ids) disagree with the deadline order.
    for (const p of [routine, laterPriority, earlierPriority, flash]) await publish(PublicationEvents.published.subject, envelope(p));
    const expected = [flash, earlierPriority, laterPriority, routine].map((p) => p.publication.id);
    await waitFor(async () => (await toHandle(isabelle)).items.length === 4, { what: 'four telegrams for isabelle' });
    expect((await toHandle(isabelle)).items.map((i) => i.publicationId)).toEqual(expected);

    const first = await toHandle(isabelle, { limit: 2 });
    expect(first.items.map((i) => i.publicationId)).toEqual(expected.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));

    // Arriving between two pages: one sorts before the cursor, one after the last item.
    const lateFlash = dde('flash', t0 + HOUR, 'États-Unis — sanctions : décret présidentiel visant le secteur gazier');
    const lateRoutine = dde('routine', t0 + HOUR, 'États-Unis — agenda : visite du secrétaire à l\'Énergie à Paris');
    for (const p of [lateFlash, lateRoutine]) await publish(PublicationEvents.published.subject, envelope(p));
    await waitFor(async () => (await toHandle(isabelle)).items.length === 6, { what: 'six telegrams for isabelle' });

    const second = await toHandle(isabelle, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((i) => i.publicationId)).toEqual(expected.slice(2, 4));
    const third = await toHandle(isabelle, { limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third).toEqual({ items: [expect.objectContaining({ publicationId: lateRoutine.publication.id })], nextCursor: null });

    const everything = (await toHandle(servicePrincipal('gateway'))).items.map((i) => i.publicationId);
    expect(everything).toEqual(expect.arrayContaining([telegram.publication.id, ...expected, lateFlash.publication.id]));
  });

  it('pages centres d\'intérêt newest first', async () => {
    const all = (await interests(claire)).items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await interests(claire, { limit: 1, cursor });
      walked.push(...page.items.map((i) => i.publicationId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(all.map((i) => i.publicationId));
    const times = all.map((i) => Date.parse(i.publishedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('changes nothing when the same event, or a replay of the publication, comes again', async () => {
    await publish(PublicationEvents.published.subject, telegramEnvelope); // redelivery: same event id
    const replay = envelope(telegram); // replay: new event id, same publication
    await publish(PublicationEvents.published.subject, replay);
    const sentinel = belgradeTelegram({ forAction: ['amb-zagreb'], forInformation: [] });
    await publish(PublicationEvents.published.subject, envelope(sentinel));
    await waitFor(async () => (await toHandle(servicePrincipal())).items.some((i) => i.publicationId === sentinel.publication.id), {
      what: 'the sentinel, consumed after both duplicates',
    });

    // Recorded in the handler's own transaction: the replay was applied (not failed and retried).
    const applied = await db.query(`SELECT 1 FROM ${SCHEMA}.processed_event WHERE event_id = $1`, [replay.id]);
    expect(applied.rowCount).toBe(1);
    const { rows } = await db.query(
      `SELECT role, unit_id, count(*)::int AS n FROM ${SCHEMA}.assignment WHERE publication_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [telegram.publication.id],
    );
    expect(rows).toEqual([{ role: 'action', unit_id: 'meae-deur-balkans', n: 1 }, { role: 'information', unit_id: 'meae-com', n: 1 }]);
    expect(await handles(claire, telegram.publication.id)).toHaveLength(1);
  });

  it('announces each assignment once on the routing stream', async () => {
    const Created = envelopeOf(Assignment);
    const stream = `ROUTING_${env.namespace.toUpperCase()}`;
    const readAll = async () => {
      const info = await jsm.streams.info(stream);
      const events: ReturnType<typeof Created.parse>[] = [];
      for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage(stream, { seq });
        expect(msg.subject).toBe(`${env.namespace}.${RoutingEvents.assignmentCreated.subject}`);
        events.push(Created.parse(msg.json()));
      }
      return events.filter((e) => e.data.publicationId === telegram.publication.id);
    };
    const events = await waitFor(async () => {
      const found = await readAll();
      return found.length >= 2 && found;
    }, { what: 'assignment.created events' });
    expect(events.map((e) => [e.type, e.actor, e.data.role, e.data.unitId, e.data.deadline])).toEqual([
      ['assignment.created', { kind: 'service', id: 'routing' }, 'action', 'meae-deur-balkans', '2026-03-13T09:30:00.000Z'],
      ['assignment.created', { kind: 'service', id: 'routing' }, 'information', 'meae-com', null],
    ]);
  });

  it('dead-letters a payload that breaks the contract and goes on with the next event', async () => {
    const poison = envelope({ publication: { id: uuidv7(), subject: 42 }, access: 'everyone' });
    await publish(PublicationEvents.published.subject, poison);
    const next = belgradeTelegram({ forAction: ['meae-deur-balkans'], priority: 'flash' });
    await publish(PublicationEvents.published.subject, envelope(next));

    const dead = await waitFor(
      () => jsm.streams.getMessage(`DEADLETTER_${env.namespace.toUpperCase()}`, {
        last_by_subj: `${env.namespace}.deadletter.routing.${PublicationEvents.published.subject}`,
      }),
      { what: 'the poison message in the dead-letter stream' },
    );
    expect(dead.json()).toEqual(poison);
    expect(dead.header.get('x-original-subject')).toBe(PublicationEvents.published.subject);
    expect(dead.header.get('x-error')).toMatch(/publication/);
    await waitFor(async () => (await handles(claire, next.publication.id)).length === 1, { what: 'the event after the poison one' });
  });

  it('keeps the directory replica from agent_changed, never going back to an older snapshot', async () => {
    const snapshot: AgentSnapshot = {
      id: marc.id, login: 'marc.lefevre', kind: 'agent', displayName: 'Marc Lefèvre', active: true,
      units: [{ unitId: 'meae-deur-balkans', role: 'head' }], communities: ['balkans', 'veille-kosovo'], topics: ['serbie', 'kosovo'], organisationId: null,
      title: 'Chef du service des Balkans', followedCommunities: ['veille-kosovo'],
    };
    const newer = { ...envelope(snapshot, DirectoryEvents.agentChanged.type), occurredAt: '2026-03-12T10:00:00.000Z' };
    const older = {
      ...envelope({ ...snapshot, units: [{ unitId: 'meae-deur-balkans', role: 'agent' }], topics: [] }, DirectoryEvents.agentChanged.type),
      occurredAt: '2026-03-01T10:00:00.000Z',
    };
    await publish(DirectoryEvents.agentChanged.subject, newer);
    await publish(DirectoryEvents.agentChanged.subject, older);
    const read = async () => (await db.query(`SELECT login, units, head_of, topics, followed_communities, changed_at FROM ${SCHEMA}.agent_replica WHERE id = $1`, [marc.id])).rows[0];
    await waitFor(async () => (await db.query(`SELECT 1 FROM ${SCHEMA}.processed_event WHERE event_id = $1`, [older.id])).rowCount === 1, {
      what: 'both snapshots consumed',
    });
    expect(await read()).toEqual({
      login: 'marc.lefevre', units: ['meae-deur-balkans'], head_of: ['meae-deur-balkans'], topics: ['serbie', 'kosovo'],
      followed_communities: ['veille-kosovo'], changed_at: new Date('2026-03-12T10:00:00.000Z'),
    });
  });

  it('rejects a bad page request or a forged cursor with field details', async () => {
    const reply = await rpc.raw(RoutingContracts.toHandle.subject, { principal: claire, data: { limit: 0, state: 'lost' } });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ path: 'limit' }), expect.objectContaining({ path: 'state' })]) },
    });
    await expect(interests(claire, { cursor: Buffer.from('["yesterday"]').toString('base64url') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('reports ready when PostgreSQL and NATS answer', async () => {
    const res = await fetch(`${await app.getUrl()}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('migrates down and up again', async () => {
    await app.close(); // stop consuming before the tables go
    app = undefined as unknown as INestApplication;
    const opts = { url: env.database.url, schema: SCHEMA, entities: routingEntities, migrations };
    await revert(opts, 1);
    expect(await migrate(opts)).toEqual(['Escalation1763990000000']);
  });
});

