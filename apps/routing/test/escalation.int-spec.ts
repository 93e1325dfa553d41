import { INestApplication } from '@nestjs/common';
import { JetStreamClient, JetStreamManager } from 'nats';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  AccessDescriptor, AgentPrincipal, AgentSnapshot, DirectoryEvents, EventEnvelope, PublicationEvents, PublicationView, PublishedPublication,
  RoutingContracts, RoutingEvents, UnitView,
} from '@diplomatie/contracts';
import {
  agentPrincipal, demoPrincipals, disposeServiceTestEnv, RpcTestClient, servicePrincipal, serviceTestEnv, ServiceTestEnv, startInProcess,
  telegramDraft, waitFor,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { Clock } from '../src/clock';
import { loadRoutingEnv } from '../src/config/routing.env';
import { EscalationService } from '../src/escalation/escalation.service';

class TestClock extends Clock {
  current = new Date('2026-03-12T09:30:00.000Z');
  now(): Date {
    return this.current;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const encoder = new TextEncoder();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const { toHandle, acknowledge, start, complete } = RoutingContracts;

describe(EscalationService.name, () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let db: Client;
  let sut: EscalationService;
  const clock = new TestClock();

  const julien = demoPrincipals.julien();
  const claire = demoPrincipals.claire();
  const marc = demoPrincipals.marc();
  const philippe = agentPrincipal({
    login: 'philippe.garnier', displayName: 'Philippe Garnier', units: ['meae-deur'], headOf: ['meae-deur'], supervisedUnits: ['meae-deur-balkans'],
  });

  async function publish(subject: string, type: string, data: unknown, occurredAt = new Date().toISOString()): Promise<string> {
    const id = uuidv7();
    const body = { id, type, version: 1, occurredAt, actor: { kind: 'service', id: 'test' }, tenant: 'diplomatie', data };
    await js.publish(`${env.namespace}.${subject}`, encoder.encode(JSON.stringify(body)), { msgID: uuidv7() });
    return id;
  }
  const consumed = (eventId: string) =>
    waitFor(async () => (await db.query(`SELECT 1 FROM ${SCHEMA}.processed_event WHERE event_id = $1`, [eventId])).rowCount === 1, { what: `event ${eventId}` });

  function flash(over: Partial<PublicationView> = {}): PublishedPublication {
    const d = telegramDraft();
    const publication: PublicationView = {
      id: uuidv7(), reference: null, kind: 'telegram', subject: d.subject, summary: d.summary, body: d.body, priority: 'flash', country: 'RS',
      topics: d.topics, communities: [], classification: 'internal', forAction: ['meae-deur-balkans'], forInformation: [], emittingUnitId: 'amb-belgrade',
      authorId: julien.id, status: 'published', version: 1, openToPartners: false, createdAt: clock.current.toISOString(),
      publishedAt: clock.current.toISOString(), ...over,
    };
    const access: AccessDescriptor = {
      classification: 'internal', status: 'published', authorId: julien.id, units: ['amb-belgrade', ...publication.forAction], communities: [], agents: [],
      ministries: [], partners: false,
    };
    return { publication, access };
  }
  async function published(p: PublishedPublication): Promise<string> {
    await publish(PublicationEvents.published.subject, PublicationEvents.published.type, p);
    return waitFor(async () => {
      const items = (await rpc.request(toHandle, servicePrincipal(), { limit: 100 })).items;
      return items.find((i) => i.publicationId === p.publication.id)?.assignment.id ?? false;
    }, { what: 'the flash telegram routed' });
  }
  const itemOf = async (p: AgentPrincipal, id: string, q: object = {}) =>
    (await rpc.request(toHandle, p, { limit: 100, ...q })).items.find((i) => i.assignment.id === id);

  async function routingEvents(type: string, assignmentId: string): Promise<EventEnvelope<Record<string, unknown>>[]> {
    const stream = `ROUTING_${env.namespace.toUpperCase()}`;
    const info = await jsm.streams.info(stream);
    const found: EventEnvelope<Record<string, unknown>>[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const e = (await jsm.streams.getMessage(stream, { seq })).json<EventEnvelope<Record<string, unknown>>>();
      const data = e.data as { id?: string; assignment?: { id: string } };
      if (e.type === type && (data.id === assignmentId || data.assignment?.id === assignmentId)) found.push(e);
    }
    return found;
  }

  beforeAll(async () => {
    env = await serviceTestEnv();
    app = await startInProcess(AppModule.register(loadRoutingEnv({ ...env.env, ESCALATION_SCAN_INTERVAL_MS: '0' }), { clock }));
    sut = app.get(EscalationService);
    rpc = await RpcTestClient.connect(env.namespace);
    js = rpc.connection.jetstream();
    jsm = await rpc.connection.jetstreamManager();
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    const unit = (id: string, parentId: string | null, name: string): UnitView => ({ id, parentId, name, kind: 'service', country: null, ministryId: 'meae', heads: [] });
    const snapshot = (p: AgentPrincipal): AgentSnapshot => ({
      id: p.id, login: p.login, kind: 'agent', displayName: p.displayName, active: true,
      units: p.units.map((unitId) => ({ unitId, role: p.headOf.includes(unitId) ? 'head' : 'agent' })), communities: [], topics: [],
      organisationId: null, title: '', followedCommunities: [],
    });
    await publish(DirectoryEvents.unitChanged.subject, DirectoryEvents.unitChanged.type, unit('meae-deur-balkans', 'meae-deur', 'Service des Balkans'));
    await publish(DirectoryEvents.unitChanged.subject, DirectoryEvents.unitChanged.type, unit('meae-deur', 'meae', 'Direction de l\'Europe continentale'));
    await publish(DirectoryEvents.unitChanged.subject, DirectoryEvents.unitChanged.type, unit('meae', null, 'Ministère'));
    let last = '';
    for (const p of [claire, marc, philippe]) last = await publish(DirectoryEvents.agentChanged.subject, DirectoryEvents.agentChanged.type, snapshot(p));
    await consumed(last);
  });
  afterAll(async () => {
    await db?.end();
    await rpc?.close();
    await app?.close();
    if (env) await disposeServiceTestEnv(env);
  });

  let id: string;

  it('does nothing before the deadline', async () => {
    id = await published(flash());
    clock.advance(2 * HOUR - 1);
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 0 });
    expect(await itemOf(claire, id)).toMatchObject({ overdue: false, escalation: null });
  });

  it('announces an overdue assignment and escalates it to the unit\'s head, once', async () => {
    clock.advance(2); // just past the deadline: a flash has two hours
    const at = clock.current.toISOString();
    expect(await sut.scan()).toEqual({ overdue: 1, toUnitHeads: 1, toParentHeads: 0 });
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 0 });

    expect(await itemOf(marc, id, { escalated: true })).toMatchObject({ overdue: true, escalation: { level: 1, unitId: 'meae-deur-balkans', at } });
    expect(await itemOf(claire, id, { overdue: true })).toMatchObject({ escalation: { level: 1 } });
    const overdue = await waitFor(async () => {
      const e = await routingEvents(RoutingEvents.assignmentOverdue.type, id);
      return e.length > 0 && e;
    }, { what: 'assignment.overdue' });
    expect(overdue.map((e) => e.data['overdueAt'])).toEqual([at]);
    const escalated = await waitFor(async () => {
      const e = await routingEvents(RoutingEvents.assignmentEscalated.type, id);
      return e.length > 0 && e;
    }, { what: 'assignment.escalated' });
    expect(escalated.map((e) => [e.data['level'], e.data['unitId'], e.data['headIds']])).toEqual([[1, 'meae-deur-balkans', [marc.id]]]);
  });

  it('escalates to the parent unit\'s head once the delay passed, and never again', async () => {
    clock.advance(24 * HOUR - MINUTE);
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 0 });
    clock.advance(MINUTE);
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 1 });
    clock.advance(30 * 24 * HOUR);
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 0 });

    expect(await itemOf(philippe, id, { escalated: true })).toMatchObject({ escalation: { level: 2, unitId: 'meae-deur' } });
    const { rows } = await db.query(`SELECT level, unit_id, head_ids FROM ${SCHEMA}.assignment_escalation WHERE assignment_id = $1 ORDER BY level`, [id]);
    expect(rows).toEqual([{ level: 1, unit_id: 'meae-deur-balkans', head_ids: [marc.id] }, { level: 2, unit_id: 'meae-deur', head_ids: [philippe.id] }]);
    await waitFor(async () => (await routingEvents(RoutingEvents.assignmentEscalated.type, id)).length === 2, { what: 'the level-2 event' });
  });

  it('leaves alone what was handled in time, and what is done before the scan', async () => {
    const inTime = await published(flash());
    const late = await published(flash());
    for (const step of [acknowledge, start, complete]) await rpc.request(step, claire, { id: inTime });
    clock.advance(3 * HOUR);
    for (const step of [acknowledge, start, complete]) await rpc.request(step, claire, { id: late });
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 0 });
  });

  it('stops at the unit\'s head when the unit has no parent', async () => {
    const top = await published(flash({ forAction: ['meae'] }));
    clock.advance(3 * HOUR);
    expect(await sut.scan()).toEqual({ overdue: 1, toUnitHeads: 1, toParentHeads: 0 });
    clock.advance(48 * HOUR);
    expect(await sut.scan()).toEqual({ overdue: 0, toUnitHeads: 0, toParentHeads: 0 });
    const { rows } = await db.query(`SELECT level, head_ids FROM ${SCHEMA}.assignment_escalation WHERE assignment_id = $1`, [top]);
    expect(rows).toEqual([{ level: 1, head_ids: [] }]); // no head known: the event says so, the journal shows it
  });
});
