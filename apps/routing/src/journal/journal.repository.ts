import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { AccessScope } from '@diplomatie/auth';
import {
  AccessDescriptor, AgentSnapshot, Assignment, InterestItem, Priority, PublicationKind, RoutingEvents, ToHandleItem,
} from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { accessPredicate, sqlParam } from '@diplomatie/persistence';
import { insertTransition } from '../assignments/assignments.repository';
import { PlannedAssignment } from './assignment.rules';
import { AssignmentRow, toAssignment } from './assignment.row';

/** The transaction a consumer runs in: the service passes it through without looking inside. */
export type Tx = EntityManager;

/** Routing creates assignments on its own behalf, from the publication event. */
const ROUTING_ACTOR = { kind: 'service' as const, id: 'routing' };

export interface JournalItemInput {
  publicationId: string;
  reference: string | null;
  kind: PublicationKind;
  subject: string;
  summary: string;
  priority: Priority;
  emittingUnitId: string;
  topics: string[];
  communities: string[];
  publishedAt: Date;
  access: AccessDescriptor;
}

/** À traiter's sort key, as PostgreSQL prints it (exact timestamps, so that cursors never skip a row). */
export type ToHandleKey = [rank: number, deadline: string, assignmentId: string];
/** Centres d'intérêt's sort key. */
export type InterestKey = [publishedAt: string, publicationId: string];

export interface ToHandleQuery {
  /** Units whose action assignments are listed; undefined = every unit (service principals). */
  units?: string[];
  states: readonly string[];
  kind?: PublicationKind;
  /** Only open assignments past their deadline at `now`. */
  overdue?: boolean;
  /** Only assignments escalated for being overdue. */
  escalated?: boolean;
  now: Date;
  /** Whose read marks give the unread flags (null: a service principal, for whom everything is unread). */
  reader: string | null;
  scope: AccessScope;
  after?: ToHandleKey;
  limit: number;
}

export type ToHandleCountsQuery = Omit<ToHandleQuery, 'states' | 'overdue' | 'escalated' | 'after' | 'limit'>;

export interface ToHandleCountRow {
  state: Assignment['state'];
  total: number;
  overdue: number;
  unread: number;
}

export interface InterestsQuery {
  /** What the caller follows; undefined = every item (service principals). */
  match?: { topics: string[]; communities: string[]; units: string[] };
  reader: string | null;
  scope: AccessScope;
  after?: InterestKey;
  limit: number;
}

export type InterestRow = Omit<InterestItem, 'reasons'> & { topics: string[]; communities: string[]; informationUnits: string[] };

interface PublicationColumns {
  publication_id: string;
  reference: string | null;
  kind: PublicationKind;
  subject: string;
  summary: string;
  priority: Priority;
  classification: ToHandleItem['classification'];
  emitting_unit_id: string;
  author_id: string;
  published_at: Date;
}

const PUBLICATION_COLUMNS = `j.publication_id, j.reference, j.kind, j.subject, j.summary, j.priority, j.classification,
  j.emitting_unit_id, j.author_id, j.published_at`;

@Injectable()
export class JournalRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Upserts the replica, creates the assignments that do not exist yet, and their events, in `tx`. */
  async recordPublication(tx: Tx, item: JournalItemInput, planned: PlannedAssignment[], now: Date): Promise<Assignment[]> {
    const a = item.access;
    await tx.query(
      `INSERT INTO routing.journal_item (publication_id, reference, kind, subject, summary, priority, emitting_unit_id, topics,
         communities, published_at, classification, status, author_id, access_units, access_communities, access_agents,
         access_ministries, partners, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (publication_id) DO UPDATE SET reference = EXCLUDED.reference, kind = EXCLUDED.kind, subject = EXCLUDED.subject,
         summary = EXCLUDED.summary, priority = EXCLUDED.priority, emitting_unit_id = EXCLUDED.emitting_unit_id,
         topics = EXCLUDED.topics, communities = EXCLUDED.communities, published_at = EXCLUDED.published_at,
         classification = EXCLUDED.classification, status = EXCLUDED.status, author_id = EXCLUDED.author_id,
         access_units = EXCLUDED.access_units, access_communities = EXCLUDED.access_communities,
         access_agents = EXCLUDED.access_agents, access_ministries = EXCLUDED.access_ministries,
         partners = EXCLUDED.partners, updated_at = EXCLUDED.updated_at`,
      [
        item.publicationId, item.reference, item.kind, item.subject, item.summary, item.priority, item.emittingUnitId, item.topics,
        item.communities, item.publishedAt, a.classification, a.status, a.authorId, a.units, a.communities, a.agents,
        a.ministries, a.partners, now,
      ],
    );
    const created: Assignment[] = [];
    for (const p of planned) {
      const rows: AssignmentRow[] = await tx.query(
        `INSERT INTO routing.assignment (id, publication_id, unit_id, role, state, assignee_id, priority_rank, deadline, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'received', NULL, $5, $6, $7, $7)
         ON CONFLICT (publication_id, unit_id, role) DO NOTHING
         RETURNING id, publication_id, unit_id, role, state, assignee_id, deadline, created_at, updated_at`,
        [uuidv7(), item.publicationId, p.unitId, p.role, p.priorityRank, p.deadline, now],
      );
      if (rows.length === 0) continue; // already assigned: a replay creates nothing and announces nothing
      const assignment = toAssignment(rows[0]);
      await insertTransition(tx, {
        id: uuidv7(), assignmentId: assignment.id, from: null, to: 'received', actor: ROUTING_ACTOR, at: now.toISOString(),
        reason: null, assigneeId: null, answerPublicationId: null, nextAssignmentId: null,
      });
      await this.outbox.enqueue(tx, RoutingEvents.assignmentCreated, assignment, ROUTING_ACTOR);
      created.push(assignment);
    }
    return created;
  }

  /** Applies an agent snapshot unless a newer one was applied already (events may arrive out of order). */
  async recordAgent(tx: Tx, agent: AgentSnapshot, changedAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO routing.agent_replica (id, login, kind, active, units, head_of, communities, topics, followed_communities, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET login = EXCLUDED.login, kind = EXCLUDED.kind, active = EXCLUDED.active,
         units = EXCLUDED.units, head_of = EXCLUDED.head_of, communities = EXCLUDED.communities, topics = EXCLUDED.topics,
         followed_communities = EXCLUDED.followed_communities, changed_at = EXCLUDED.changed_at
       WHERE routing.agent_replica.changed_at <= EXCLUDED.changed_at`,
      [
        agent.id, agent.login, agent.kind, agent.active,
        agent.units.map((u) => u.unitId),
        agent.units.filter((u) => u.role === 'head').map((u) => u.unitId),
        agent.communities, agent.topics, agent.followedCommunities, changedAt,
      ],
    );
  }

  /** Applies a unit snapshot unless a newer one was applied already: the tree escalation climbs. */
  async recordUnit(tx: Tx, unit: { id: string; parentId: string | null; ministryId: string }, changedAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO routing.unit_replica (id, parent_id, ministry_id, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, ministry_id = EXCLUDED.ministry_id, changed_at = EXCLUDED.changed_at
       WHERE routing.unit_replica.changed_at <= EXCLUDED.changed_at`,
      [unit.id, unit.parentId, unit.ministryId, changedAt],
    );
  }

  async toHandle(q: ToHandleQuery): Promise<{ item: ToHandleItem; key: ToHandleKey }[]> {
    const params: unknown[] = [];
    const param = sqlParam(params);
    const where = this.toHandleWhere(q, param, params);
    // The open states as a literal list: the planner then uses the partial index of à traiter.
    const openOnly = q.states.length === 3 && ['received', 'acknowledged', 'in_progress'].every((st) => q.states.includes(st));
    where.push(openOnly ? `a.state IN ${OPEN}` : `a.state = ANY(${param(q.states)}::text[])`);
    const now = param(q.now);
    if (q.overdue) where.push(`a.state IN ${OPEN} AND a.deadline < ${now}::timestamptz`);
    if (q.escalated) where.push(`a.escalation_level > 0`);
    if (q.after) {
      where.push(`(a.priority_rank, a.deadline, a.id) > (${param(q.after[0])}::smallint, ${param(q.after[1])}::timestamptz, ${param(q.after[2])}::uuid)`);
    }
    const reader = param(q.reader);
    const limit = param(q.limit);
    const rows: (AssignmentRow & PublicationColumns & ToHandleExtras)[] = await this.dataSource.query(
      `SELECT a.id, a.unit_id, a.role, a.state, a.assignee_id, a.deadline, a.created_at, a.updated_at,
              a.priority_rank, to_json(a.deadline) #>> '{}' AS deadline_key, ${PUBLICATION_COLUMNS}, ${unreadColumn(reader)},
              (a.state IN ${OPEN} AND a.deadline < ${now}::timestamptz) AS overdue,
              CASE WHEN a.escalation_level > 0 THEN (SELECT json_build_object('level', e.level, 'unitId', e.unit_id, 'at', e.at)
                FROM routing.assignment_escalation e WHERE e.assignment_id = a.id ORDER BY e.level DESC LIMIT 1) END AS escalation
         FROM routing.assignment a JOIN routing.journal_item j ON j.publication_id = a.publication_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.priority_rank, a.deadline, a.id
        LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      item: {
        ...toPublication(r), assignment: toAssignment(r), unread: r.unread, overdue: r.overdue,
        escalation: r.escalation && { ...r.escalation, at: new Date(r.escalation.at).toISOString() },
      },
      key: [r.priority_rank, r.deadline_key, r.id],
    }));
  }

  /** À traiter's counts per state, with how many of each are overdue and unread, under the same filters and access. */
  async toHandleCounts(q: ToHandleCountsQuery): Promise<ToHandleCountRow[]> {
    const params: unknown[] = [];
    const param = sqlParam(params);
    const where = this.toHandleWhere(q, param, params);
    const now = param(q.now);
    const reader = param(q.reader);
    return this.dataSource.query(
      `SELECT a.state, count(*)::int AS total,
              count(*) FILTER (WHERE a.state IN ${OPEN} AND a.deadline < ${now}::timestamptz)::int AS overdue,
              count(*) FILTER (WHERE ${unreadColumn(reader, false)})::int AS unread
         FROM routing.assignment a JOIN routing.journal_item j ON j.publication_id = a.publication_id
        WHERE ${where.join(' AND ')}
        GROUP BY a.state`,
      params,
    );
  }

  private toHandleWhere(q: Pick<ToHandleQuery, 'units' | 'kind' | 'scope'>, param: (v: unknown) => string, params: unknown[]): string[] {
    const where = [`a.role = 'action'`];
    if (q.units) where.push(`a.unit_id = ANY(${param(q.units)}::text[])`);
    if (q.kind) where.push(`j.kind = ${param(q.kind)}`);
    where.push(accessPredicate(q.scope, 'j', params));
    return where;
  }

  /** Marks a publication read by an agent, keeping the first time it was read. */
  async markRead(agentId: string, publicationId: string, at: Date): Promise<Date> {
    const rows: { read_at: Date }[] = await this.dataSource.query(
      `INSERT INTO routing.read_mark (agent_id, publication_id, read_at) VALUES ($1, $2, $3)
       ON CONFLICT (agent_id, publication_id) DO UPDATE SET read_at = routing.read_mark.read_at
       RETURNING read_at`,
      [agentId, publicationId, at],
    );
    return rows[0].read_at;
  }

  /** The access descriptor of a journal item, to decide whether the caller may see it. */
  async findAccess(publicationId: string): Promise<AccessDescriptor | null> {
    const rows: { classification: AccessDescriptor['classification']; status: AccessDescriptor['status']; author_id: string; access_units: string[];
      access_communities: string[]; access_agents: string[]; access_ministries: string[]; partners: boolean }[] = await this.dataSource.query(
      `SELECT classification, status, author_id, access_units, access_communities, access_agents, access_ministries, partners
         FROM routing.journal_item WHERE publication_id = $1`,
      [publicationId],
    );
    const r = rows[0];
    return r ? {
      classification: r.classification, status: r.status, authorId: r.author_id, units: r.access_units, communities: r.access_communities,
      agents: r.access_agents, ministries: r.access_ministries, partners: r.partners,
    } : null;
  }

  async interests(q: InterestsQuery): Promise<{ item: InterestRow; key: InterestKey }[]> {
    const params: unknown[] = [];
    const param = sqlParam(params);
    // Pour-information assignments of the caller's units (none for service principals, who match everything).
    const units = param(q.match?.units ?? []);
    const where = [accessPredicate(q.scope, 'j', params)];
    if (q.match) {
      where.push(`(j.topics && ${param(q.match.topics)}::text[] OR j.communities && ${param(q.match.communities)}::text[]
        OR EXISTS (SELECT 1 FROM routing.assignment i WHERE i.publication_id = j.publication_id AND i.role = 'information'
                   AND i.unit_id = ANY(${units}::text[])))`);
    }
    if (q.after) {
      where.push(`(j.published_at, j.publication_id) < (${param(q.after[0])}::timestamptz, ${param(q.after[1])}::uuid)`);
    }
    const limit = param(q.limit);
    const reader = param(q.reader);
    const rows: (PublicationColumns & { topics: string[]; communities: string[]; information_units: string[]; published_key: string; unread: boolean })[] =
      await this.dataSource.query(
        `SELECT ${PUBLICATION_COLUMNS}, j.topics, j.communities, to_json(j.published_at) #>> '{}' AS published_key, ${unreadColumn(reader)},
                ARRAY(SELECT i.unit_id FROM routing.assignment i WHERE i.publication_id = j.publication_id
                       AND i.role = 'information' AND i.unit_id = ANY(${units}::text[]) ORDER BY i.unit_id) AS information_units
           FROM routing.journal_item j
          WHERE ${where.join(' AND ')}
          ORDER BY j.published_at DESC, j.publication_id DESC
          LIMIT ${limit}`,
        params,
      );
    return rows.map((r) => ({
      item: { ...toPublication(r), topics: r.topics, communities: r.communities, informationUnits: r.information_units, unread: r.unread },
      key: [r.published_key, r.publication_id],
    }));
  }
}

const OPEN = `('received', 'acknowledged', 'in_progress')`;

interface ToHandleExtras {
  priority_rank: number;
  deadline_key: string;
  unread: boolean;
  overdue: boolean;
  escalation: { level: number; unitId: string; at: string } | null;
}

/** Whether the reader has no read mark on the row's publication: one primary-key probe per row. */
function unreadColumn(reader: string, alias = true): string {
  const expr = `NOT EXISTS (SELECT 1 FROM routing.read_mark r WHERE r.agent_id = ${reader}::uuid AND r.publication_id = j.publication_id)`;
  return alias ? `${expr} AS unread` : expr;
}


function toPublication(r: PublicationColumns) {
  return {
    publicationId: r.publication_id,
    reference: r.reference,
    kind: r.kind,
    subject: r.subject,
    summary: r.summary,
    priority: r.priority,
    classification: r.classification,
    emittingUnitId: r.emitting_unit_id,
    authorId: r.author_id,
    publishedAt: r.published_at.toISOString(),
  };
}
