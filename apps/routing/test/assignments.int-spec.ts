import { INestApplication } from '@nestjs/common';
import { JetStreamClient, JetStreamManager } from 'nats';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  AccessDescriptor, AgentPrincipal, AgentSnapshot, AssignmentStateChanged, DirectoryEvents, envelopeOf, Principal, PublicationEvents,
  PublicationView, PublishedPublication, RoutingContracts, RoutingEvents,
} from '@diplomatie/contracts';
import {
  agentPrincipal, demoPrincipals, RpcTestClient, servicePrincipal, ServiceTestEnv, telegramDraft, waitFor, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { AssignmentsService } from '../src/assignments/assignments.service';
import { Clock } from '../src/clock';
import { loadRoutingEnv } from '../src/config/routing.env';

class TestClock extends Clock {
  current = new Date('2026-03-12T10:00:00.000Z');
  now(): Date {
    return this.current;
  }
}

const encoder = new TextEncoder();
const { acknowledge, start, complete, reassign, getAssignment, toHandle, toHandleCounts, markRead, interests } = RoutingContracts;

describe(AssignmentsService.name, () => {
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
  const amina = demoPrincipals.amina();
  const sophie = demoPrincipals.sophie();
  const director = agentPrincipal({
    login: 'helene.garnier', displayName: 'Hélène Garnier', units: ['meae-deur'], headOf: ['meae-deur'], supervisedUnits: ['meae-deur-balkans'],
  });
  const camille = agentPrincipal({ login: 'camille.roux', displayName: 'Camille Roux', units: ['amb-washington'] });

  let reference = 400;
  function telegram(over: Partial<PublicationView> = {}, accessOver: Partial<AccessDescriptor> = {}): PublishedPublication {
    const draft = telegramDraft();
    reference++;
    const publication: PublicationView = {
      id: uuidv7(), reference: `BELGRADE-2026-000${reference}`, kind: 'telegram', subject: draft.subject, summary: draft.summary, body: draft.body,
      priority: draft.priority, country: draft.country, topics: draft.topics, communities: draft.communities, classification: draft.classification,
      forAction: draft.forAction, forInformation: draft.forInformation, emittingUnitId: draft.emittingUnitId, authorId: julien.id,
      status: 'published', version: 1, openToPartners: false, createdAt: '2026-03-12T08:55:00.000Z', publishedAt: '2026-03-12T09:30:00.000Z',
      ...over,
    };
    const access: AccessDescriptor = {
      classification: publication.classification, status: 'published', authorId: publication.authorId,
      units: [...new Set([publication.emittingUnitId, ...publication.forAction, ...publication.forInformation])],
      communities: publication.communities, agents: [], ministries: [], partners: false, ...accessOver,
    };
    return { publication, access };
  }

  async function publish(subject: string, type: string, data: unknown, occurredAt = new Date().toISOString()): Promise<string> {
    const id = uuidv7();
    const body = { id, type, version: 1, occurredAt, actor: { kind: 'agent', id: julien.id }, tenant: 'diplomatie', data };
    await js.publish(`${env.namespace}.${subject}`, encoder.encode(JSON.stringify(body)), { msgID: uuidv7() });
    return id;
  }

  /** Publishes a telegram through JetStream and returns its action assignment's id once routing holds it. */
  async function published(p: PublishedPublication, unit = p.publication.forAction[0]): Promise<string> {
    await publish(PublicationEvents.published.subject, PublicationEvents.published.type, p);
    return waitFor(async () => {
      const page = await rpc.request(toHandle, servicePrincipal(), { limit: 100, unit });
      return page.items.find((i) => i.publicationId === p.publication.id)?.assignment.id ?? false;
    }, { what: `the assignment of ${p.publication.reference}` });
  }

  function snapshot(p: AgentPrincipal): AgentSnapshot {
    return {
      id: p.id, login: p.login, kind: 'agent', displayName: p.displayName, active: true,
      units: [...p.units.map((unitId) => ({ unitId, role: p.headOf.includes(unitId) ? 'head' as const : 'agent' as const }))],
      communities: p.communities, topics: p.topics, organisationId: null, title: '', followedCommunities: [],
    };
  }

  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: { code?: string }) => e.code ?? String(e));

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadRoutingEnv(vars), { clock })));
    js = rpc.connection.jetstream();
    jsm = await rpc.connection.jetstreamManager();
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    // The directory as routing learns it: from communities' events.
    let last = '';
    for (const p of [claire, marc, amina]) last = await publish(DirectoryEvents.agentChanged.subject, DirectoryEvents.agentChanged.type, snapshot(p));
    await waitFor(async () => (await db.query(`SELECT 1 FROM ${SCHEMA}.processed_event WHERE event_id = $1`, [last])).rowCount === 1, {
      what: 'the directory replica',
    });
  });
  afterAll(async () => {
    await db?.end();
    await stopServiceUnderTest({ rpc, app, env });
  });

  it('takes an assignment through received → acknowledged → in_progress → done, recording who and when', async () => {
    const id = await published(telegram());
    clock.current = new Date('2026-03-12T10:05:00.000Z');
    const acked = await rpc.request(acknowledge, claire, { id, assigneeId: claire.id });
    expect(acked).toMatchObject({ state: 'acknowledged', assigneeId: claire.id, updatedAt: '2026-03-12T10:05:00.000Z' });
    clock.current = new Date('2026-03-12T10:10:00.000Z');
    expect(await rpc.request(start, marc, { id })).toMatchObject({ state: 'in_progress', assigneeId: claire.id });
    clock.current = new Date('2026-03-12T11:00:00.000Z');
    const answer = uuidv7();
    const done = await rpc.request(complete, claire, { id, answerPublicationId: answer });

    expect(done).toMatchObject({ state: 'done', answerPublicationId: answer, previousAssignmentId: null, chain: [expect.objectContaining({ id, state: 'done' })] });
    expect(done.history.map((h) => [h.from, h.to, h.actor.id, h.at])).toEqual([
      [null, 'received', 'routing', '2026-03-12T10:00:00.000Z'],
      ['received', 'acknowledged', claire.id, '2026-03-12T10:05:00.000Z'],
      ['acknowledged', 'in_progress', marc.id, '2026-03-12T10:10:00.000Z'],
      ['in_progress', 'done', claire.id, '2026-03-12T11:00:00.000Z'],
    ]);
    expect(done.history[3].answerPublicationId).toBe(answer);
    expect(await rpc.request(getAssignment, amina, { id })).toEqual(done); // pour information: may read, not act

    // Done is final: no longer à traiter by default, listed under its state.
    expect((await rpc.request(toHandle, claire, { limit: 100 })).items.map((i) => i.assignment.id)).not.toContain(id);
    expect((await rpc.request(toHandle, claire, { limit: 100, state: 'done' })).items.map((i) => i.assignment.id)).toContain(id);

    // Each transition announced on the routing stream, in order.
    const Changed = envelopeOf(AssignmentStateChanged);
    const events = await waitFor(async () => {
      const info = await jsm.streams.info(`ROUTING_${env.namespace.toUpperCase()}`);
      const found: ReturnType<typeof Changed.parse>[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage(`ROUTING_${env.namespace.toUpperCase()}`, { seq });
        if (msg.subject.endsWith(RoutingEvents.assignmentStateChanged.subject)) found.push(Changed.parse(msg.json()));
      }
      const mine = found.filter((e) => e.data.assignmentId === id);
      return mine.length === 3 && mine;
    }, { what: 'three state_changed events' });
    expect(events.map((e) => [e.type, e.actor.id, e.data.from, e.data.to, e.data.assignment.state])).toEqual([
      ['assignment.state_changed', claire.id, 'received', 'acknowledged', 'acknowledged'],
      ['assignment.state_changed', marc.id, 'acknowledged', 'in_progress', 'in_progress'],
      ['assignment.state_changed', claire.id, 'in_progress', 'done', 'done'],
    ]);
  });

  it('refuses every transition the workflow does not allow with CONFLICT, changing nothing', async () => {
    const id = await published(telegram());
    const attempts = {
      received: [() => rpc.request(start, claire, { id }), () => rpc.request(complete, claire, { id })],
      acknowledged: [() => rpc.request(acknowledge, claire, { id }), () => rpc.request(complete, claire, { id })],
      in_progress: [() => rpc.request(acknowledge, claire, { id }), () => rpc.request(start, claire, { id })],
      done: [
        () => rpc.request(acknowledge, claire, { id }), () => rpc.request(start, claire, { id }), () => rpc.request(complete, claire, { id }),
        () => rpc.request(reassign, claire, { id, unitId: 'meae-com', reason: 'Trop tard' }),
      ],
    };
    const moves = [() => rpc.request(acknowledge, claire, { id }), () => rpc.request(start, claire, { id }), () => rpc.request(complete, claire, { id })];
    for (const [i, [state, illegal]] of Object.entries(attempts).entries()) {
      for (const attempt of illegal) expect(await codeOf(attempt())).toBe('CONFLICT');
      expect((await rpc.request(getAssignment, claire, { id })).state).toBe(state);
      if (moves[i]) await moves[i]();
    }
    expect((await rpc.request(getAssignment, claire, { id })).history).toHaveLength(4);
  });

  it('lets only agents of the unit and heads above it act: 404 for who cannot see, 403 for who can', async () => {
    const id = await published(telegram());
    expect(await codeOf(rpc.request(acknowledge, camille, { id }))).toBe('NOT_FOUND'); // outside the restricted perimeter
    expect(await codeOf(rpc.request(getAssignment, camille, { id }))).toBe('NOT_FOUND');
    expect(await codeOf(rpc.request(acknowledge, sophie, { id }))).toBe('NOT_FOUND');
    expect(await codeOf(rpc.request(acknowledge, amina, { id }))).toBe('FORBIDDEN'); // sees it pour information
    expect(await codeOf(rpc.request(acknowledge, servicePrincipal(), { id }))).toBe('FORBIDDEN');
    expect(await codeOf(rpc.request(acknowledge, claire, { id: uuidv7() }))).toBe('NOT_FOUND');
    expect(await rpc.request(acknowledge, director, { id })).toMatchObject({ state: 'acknowledged' });

    // The pour-information copy has no workflow.
    const info = (await db.query(`SELECT a.id FROM ${SCHEMA}.assignment a JOIN ${SCHEMA}.assignment b USING (publication_id)
      WHERE b.id = $1 AND a.role = 'information'`, [id])).rows[0].id;
    expect(await codeOf(rpc.request(acknowledge, amina, { id: info }))).toBe('CONFLICT');
  });

  it('names an assignee only among the unit\'s agents', async () => {
    const id = await published(telegram());
    const reply = await rpc.raw(acknowledge.subject, { principal: claire, data: { id, assigneeId: amina.id } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'assigneeId', message: 'not an agent of meae-deur-balkans' }] } });
    expect((await rpc.request(getAssignment, claire, { id })).state).toBe('received');
  });

  it('lets exactly one of concurrent identical transitions win', async () => {
    const id = await published(telegram());
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => codeOf(rpc.request(acknowledge, i % 2 ? claire : marc, { id }))));
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(11);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.assignment_transition WHERE assignment_id = $1 AND to_state = 'acknowledged'`, [id]);
    expect(rows[0].n).toBe(1);
  });

  it('reassigns to another unit with a reason: the old one closes, the new unit gets a fresh received assignment in the chain', async () => {
    const p = telegram({ priority: 'flash', classification: 'internal', forInformation: ['meae-com'] });
    const id = await published(p);
    await rpc.request(acknowledge, claire, { id });

    const noReason = await rpc.raw(reassign.subject, { principal: claire, data: { id, unitId: 'meae-com', reason: '  ' } });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'reason' })] } });
    expect(await codeOf(rpc.request(reassign, claire, { id, unitId: 'meae-deur-balkans', reason: 'Même service' }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(rpc.request(reassign, amina, { id, unitId: 'meae-com', reason: 'Je le prends' }))).toBe('FORBIDDEN');

    clock.current = new Date('2026-03-12T12:00:00.000Z');
    const old = await rpc.request(reassign, claire, { id, unitId: 'meae-com', reason: 'Relève de la communication : éléments de langage', assigneeId: amina.id });
    expect(old).toMatchObject({ state: 'reassigned' });
    expect(old.history.at(-1)).toMatchObject({ from: 'acknowledged', to: 'reassigned', reason: 'Relève de la communication : éléments de langage' });
    const nextId = old.history.at(-1)?.nextAssignmentId as string;
    expect(old.chain.map((a) => [a.id, a.unitId, a.state])).toEqual([[id, 'meae-deur-balkans', 'reassigned'], [nextId, 'meae-com', 'received']]);

    const fresh = await rpc.request(getAssignment, amina, { id: nextId });
    expect(fresh).toMatchObject({
      unitId: 'meae-com', role: 'action', state: 'received', assigneeId: amina.id, previousAssignmentId: id,
      deadline: '2026-03-12T14:00:00.000Z', // flash: two hours from the reassignment
      history: [expect.objectContaining({ from: null, to: 'received', actor: { kind: 'agent', id: claire.id } })],
    });
    expect(fresh.chain).toEqual(old.chain);
    expect((await rpc.request(toHandle, amina, { limit: 100 })).items.map((i) => i.assignment.id)).toContain(nextId);
    expect((await rpc.request(toHandle, claire, { limit: 100 })).items.map((i) => i.assignment.id)).not.toContain(id);

    // Back to a unit that already had it pour action: refused.
    expect(await codeOf(rpc.request(reassign, amina, { id: nextId, unitId: 'meae-deur-balkans', reason: 'Retour à l\'envoyeur' }))).toBe('CONFLICT');
  });

  it('does not widen a restricted publication\'s perimeter by reassignment', async () => {
    const id = await published(telegram());
    expect(await codeOf(rpc.request(reassign, claire, { id, unitId: 'meae-dgm-dde', reason: 'Sujet économique' }))).toBe('CONFLICT');
    expect((await rpc.request(getAssignment, claire, { id })).state).toBe('received');
  });

  describe('à traiter filters, counts and unread flags', () => {
    const isabelle = agentPrincipal({ login: 'isabelle.fontaine', displayName: 'Isabelle Fontaine', units: ['meae-dgm-dde'], topics: ['energie'] });
    const dde = (over: Partial<PublicationView>) => telegram({
      forAction: ['meae-dgm-dde'], forInformation: [], classification: 'internal', emittingUnitId: 'amb-washington', topics: ['energie'], ...over,
    });
    const flash = dde({ priority: 'flash', publishedAt: '2026-03-12T09:00:00.000Z' });
    const note = dde({ kind: 'diplomatic_note', priority: 'routine', publishedAt: '2026-03-12T09:00:00.000Z' });
    const urgent = dde({ priority: 'urgent', publishedAt: '2026-03-12T09:00:00.000Z' });
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ids.flash = await published(flash);
      ids.note = await published(note);
      ids.urgent = await published(urgent);
      clock.current = new Date('2026-03-12T12:00:00.000Z');
      await rpc.request(acknowledge, isabelle, { id: ids.urgent });
    });
    const page = async (p: Principal, q: object) => (await rpc.request(toHandle, p, { limit: 100, ...q })).items.map((i) => i.assignment.id);

    it('filters by state, kind, unit and overdue, which the clock decides', async () => {
      expect(await page(isabelle, {})).toEqual([ids.flash, ids.urgent, ids.note]);
      expect(await page(isabelle, { state: 'acknowledged' })).toEqual([ids.urgent]);
      expect(await page(isabelle, { kind: 'diplomatic_note' })).toEqual([ids.note]);
      expect(await page(isabelle, { unit: 'meae-deur-balkans' })).toEqual([]); // not hers: no widening through a filter
      expect(await page(isabelle, { overdue: true })).toEqual([ids.flash]); // flash: due 11:00
      clock.current = new Date('2026-03-13T09:00:01.000Z');
      expect(await page(isabelle, { overdue: 'true' })).toEqual([ids.flash, ids.urgent]);
      expect(await page(isabelle, { overdue: 'false' })).toEqual([ids.flash, ids.urgent, ids.note]);
    });

    it('counts per state, overdue and unread, and marks read per agent', async () => {
      clock.current = new Date('2026-03-12T12:00:00.000Z');
      expect(await rpc.request(toHandleCounts, isabelle, {})).toEqual({
        byState: { received: 2, acknowledged: 1, in_progress: 0, done: 0, reassigned: 0 }, overdue: 1, unread: 3,
      });
      const mark = await rpc.request(markRead, isabelle, { publicationId: flash.publication.id });
      expect(mark).toEqual({ publicationId: flash.publication.id, readAt: '2026-03-12T12:00:00.000Z' });
      const items = (await rpc.request(toHandle, isabelle, { limit: 100 })).items;
      expect(items.map((i) => [i.assignment.id, i.unread])).toEqual([[ids.flash, false], [ids.urgent, true], [ids.note, true]]);
      expect((await rpc.request(toHandleCounts, isabelle, { kind: 'telegram' }))).toMatchObject({ overdue: 1, unread: 1 });
      // Another reader's flags are their own.
      const colleague = agentPrincipal({ login: 'hugo.petit', displayName: 'Hugo Petit', units: ['meae-dgm-dde'], topics: ['energie'] });
      expect((await rpc.request(toHandleCounts, colleague, {})).unread).toBe(3);
      const interest = (await rpc.request(interests, isabelle, { limit: 100 })).items.find((i) => i.publicationId === flash.publication.id);
      expect(interest?.unread).toBe(false);
    });

    it('answers 404 to a read mark on a publication the caller cannot see or the journal does not hold', async () => {
      const restricted = telegram();
      await published(restricted);
      expect(await codeOf(rpc.request(markRead, isabelle, { publicationId: restricted.publication.id }))).toBe('NOT_FOUND');
      expect(await codeOf(rpc.request(markRead, isabelle, { publicationId: uuidv7() }))).toBe('NOT_FOUND');
      expect(await codeOf(rpc.request(markRead, sophie, { publicationId: flash.publication.id }))).toBe('NOT_FOUND');
    });

    it('counts nothing for a partner', async () => {
      expect(await rpc.request(toHandleCounts, sophie, {})).toEqual({
        byState: { received: 0, acknowledged: 0, in_progress: 0, done: 0, reassigned: 0 }, overdue: 0, unread: 0,
      });
    });
  });

  it('validates the workflow requests', async () => {
    const reply = await rpc.raw(reassign.subject, { principal: claire, data: { id: 'nope', unitId: 'Pas Une Unité', reason: 'x'.repeat(2001) } });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining(['id', 'unitId', 'reason'].map((path) => expect.objectContaining({ path }))) },
    });
  });

});
