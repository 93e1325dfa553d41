import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { AccessScope } from '@diplomatie/auth';
import {
  AccessDescriptor, AgentSnapshot, Assignment, InterestItem, Priority, PublicationKind, RoutingEvents, ToHandleItem,
} from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { accessPredicate } from '@diplomatie/persistence';
import { PlannedAssignment } from './assignment.rules';

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
  scope: AccessScope;
  after?: ToHandleKey;
  limit: number;
}

export interface InterestsQuery {
  /** What the caller follows; undefined = every item (service principals). */
  match?: { topics: string[]; communities: string[]; units: string[] };
  scope: AccessScope;
  after?: InterestKey;
  limit: number;
}

export type InterestRow = Omit<InterestItem, 'reasons'> & { topics: string[]; communities: string[]; informationUnits: string[] };

interface AssignmentRow {
  id: string;
  publication_id: string;
  unit_id: string;
  role: Assignment['role'];
  state: Assignment['state'];
  assignee_id: string | null;
  deadline: Date | null;
  created_at: Date;
  updated_at: Date;
}

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

  async toHandle(q: ToHandleQuery): Promise<{ item: ToHandleItem; key: ToHandleKey }[]> {
    const params: unknown[] = [q.states];
    const where = [`a.role = 'action'`, `a.state = ANY($1::text[])`];
    if (q.units) {
      params.push(q.units);
      where.push(`a.unit_id = ANY($${params.length}::text[])`);
    }
    where.push(accessPredicate(q.scope, 'j', params));
    if (q.after) {
      params.push(...q.after);
      const n = params.length;
      where.push(`(a.priority_rank, a.deadline, a.id) > ($${n - 2}::smallint, $${n - 1}::timestamptz, $${n}::uuid)`);
    }
    params.push(q.limit);
    const rows: (AssignmentRow & PublicationColumns & { priority_rank: number; deadline_key: string })[] = await this.dataSource.query(
      `SELECT a.id, a.unit_id, a.role, a.state, a.assignee_id, a.deadline, a.created_at, a.updated_at,
              a.priority_rank, to_json(a.deadline) #>> '{}' AS deadline_key, ${PUBLICATION_COLUMNS}
         FROM routing.assignment a JOIN routing.journal_item j ON j.publication_id = a.publication_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.priority_rank, a.deadline, a.id
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      item: { ...toPublication(r), assignment: toAssignment(r) },
      key: [r.priority_rank, r.deadline_key, r.id],
    }));
  }

  async interests(q: InterestsQuery): Promise<{ item: InterestRow; key: InterestKey }[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
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
    const rows: (PublicationColumns & { topics: string[]; communities: string[]; information_units: string[]; published_key: string })[] =
      await this.dataSource.query(
        `SELECT ${PUBLICATION_COLUMNS}, j.topics, j.communities, to_json(j.published_at) #>> '{}' AS published_key,
                ARRAY(SELECT i.unit_id FROM routing.assignment i WHERE i.publication_id = j.publication_id
                       AND i.role = 'information' AND i.unit_id = ANY(${units}::text[]) ORDER BY i.unit_id) AS information_units
           FROM routing.journal_item j
          WHERE ${where.join(' AND ')}
          ORDER BY j.published_at DESC, j.publication_id DESC
          LIMIT ${limit}`,
        params,
      );
    return rows.map((r) => ({
      item: { ...toPublication(r), topics: r.topics, communities: r.communities, informationUnits: r.information_units },
      key: [r.published_key, r.publication_id],
    }));
  }
}

function toAssignment(r: AssignmentRow): Assignment {
  return {
    id: r.id,
    publicationId: r.publication_id,
    unitId: r.unit_id,
    role: r.role,
    state: r.state,
    assigneeId: r.assignee_id,
    deadline: r.deadline ? r.deadline.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
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
