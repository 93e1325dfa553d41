import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, EntityManager } from 'typeorm';
import { AccessDescriptor, Actor, Assignment, AssignmentDetail, AssignmentTransition, Priority, RoutingEvents } from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { AssignmentRow, toAssignment } from '../journal/assignment.row';

/** An assignment as the workflow decides on it: its row, the publication's priority and access descriptor. */
export interface LockedAssignment extends Assignment {
  priority: Priority;
  access: AccessDescriptor;
}

export interface TransitionInput {
  assignmentId: string;
  from: Assignment['state'] | null;
  to: Assignment['state'];
  actor: Actor;
  at: Date;
  reason?: string | null;
  assigneeId?: string | null;
  answerPublicationId?: string | null;
  nextAssignmentId?: string | null;
}

const ASSIGNMENT_COLUMNS = `a.id, a.publication_id, a.unit_id, a.role, a.state, a.assignee_id, a.deadline, a.created_at, a.updated_at,
  a.previous_assignment_id, a.answer_publication_id`;

interface WorkflowAssignmentRow extends AssignmentRow {
  previous_assignment_id: string | null;
  answer_publication_id: string | null;
}

/** The workflow's transaction: it holds the connection and the row lock until commit. */
export class WorkflowTransaction {
  constructor(
    private readonly manager: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /**
   * The assignment with its publication, locked until commit: two concurrent transitions of one
   * assignment queue up here, and the second sees the state the first left.
   */
  async lock(id: string): Promise<LockedAssignment | null> {
    const rows: (WorkflowAssignmentRow & AccessRow & { priority: Priority })[] = await this.manager.query(
      `SELECT ${ASSIGNMENT_COLUMNS}, j.priority, ${ACCESS_COLUMNS}
         FROM routing.assignment a JOIN routing.journal_item j ON j.publication_id = a.publication_id
        WHERE a.id = $1
        FOR UPDATE OF a`,
      [id],
    );
    const r = rows[0];
    return r ? { ...toAssignment(r), priority: r.priority, access: toAccess(r) } : null;
  }

  async isMember(agentId: string, unitId: string): Promise<boolean> {
    const rows = await this.manager.query(
      `SELECT 1 FROM routing.agent_replica WHERE id = $1 AND active AND $2 = ANY(units)`,
      [agentId, unitId],
    );
    return rows.length > 0;
  }

  async update(
    id: string,
    change: { state: Assignment['state']; assigneeId?: string; answerPublicationId?: string },
    at: Date,
  ): Promise<Assignment> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [WorkflowAssignmentRow[], number] = await this.manager.query(
      `UPDATE routing.assignment a SET state = $2, assignee_id = COALESCE($3, a.assignee_id),
              answer_publication_id = COALESCE($4, a.answer_publication_id), updated_at = $5
        WHERE a.id = $1
        RETURNING ${ASSIGNMENT_COLUMNS}`,
      [id, change.state, change.assigneeId ?? null, change.answerPublicationId ?? null, at],
    );
    return toAssignment(rows[0]);
  }

  /** The receiving unit's fresh assignment; null when that unit already has one pour action on this publication. */
  async createReassigned(
    from: LockedAssignment,
    unitId: string,
    priorityRank: number,
    deadline: Date,
    assigneeId: string | null,
    at: Date,
  ): Promise<Assignment | null> {
    const rows: WorkflowAssignmentRow[] = await this.manager.query(
      `INSERT INTO routing.assignment AS a (id, publication_id, unit_id, role, state, assignee_id, priority_rank, deadline, created_at, updated_at,
         previous_assignment_id)
       VALUES ($1, $2, $3, 'action', 'received', $4, $5, $6, $7, $7, $8)
       ON CONFLICT (publication_id, unit_id, role) DO NOTHING
       RETURNING ${ASSIGNMENT_COLUMNS}`,
      [uuidv7(), from.publicationId, unitId, assigneeId, priorityRank, deadline, at, from.id],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  async recordTransition(t: TransitionInput): Promise<AssignmentTransition> {
    const transition: AssignmentTransition = {
      id: uuidv7(),
      assignmentId: t.assignmentId,
      from: t.from,
      to: t.to,
      actor: t.actor,
      at: t.at.toISOString(),
      reason: t.reason ?? null,
      assigneeId: t.assigneeId ?? null,
      answerPublicationId: t.answerPublicationId ?? null,
      nextAssignmentId: t.nextAssignmentId ?? null,
    };
    await insertTransition(this.manager, transition);
    return transition;
  }

  async announceStateChanged(transition: AssignmentTransition, assignment: Assignment): Promise<void> {
    await this.outbox.enqueue(this.manager, RoutingEvents.assignmentStateChanged, { ...transition, assignment }, transition.actor);
  }

  async announceCreated(assignment: Assignment, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, RoutingEvents.assignmentCreated, assignment, actor);
  }
}

/** Writes one history row; also used when routing creates an assignment from a publication event. */
export async function insertTransition(manager: EntityManager, t: AssignmentTransition): Promise<void> {
  await manager.query(
    `INSERT INTO routing.assignment_transition (id, assignment_id, from_state, to_state, actor_kind, actor_id, at, reason, assignee_id,
       answer_publication_id, next_assignment_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [t.id, t.assignmentId, t.from, t.to, t.actor.kind, t.actor.id, t.at, t.reason, t.assigneeId, t.answerPublicationId, t.nextAssignmentId],
  );
}

@Injectable()
export class AssignmentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Runs `work` in one transaction: the transition, its history row and its events commit together or not at all. */
  inTransaction<T>(work: (tx: WorkflowTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new WorkflowTransaction(manager, this.outbox)));
  }

  /** The assignment and its publication's access descriptor, unlocked (reads). */
  async find(id: string): Promise<LockedAssignment | null> {
    const rows: (WorkflowAssignmentRow & AccessRow & { priority: Priority })[] = await this.dataSource.query(
      `SELECT ${ASSIGNMENT_COLUMNS}, j.priority, ${ACCESS_COLUMNS}
         FROM routing.assignment a JOIN routing.journal_item j ON j.publication_id = a.publication_id
        WHERE a.id = $1`,
      [id],
    );
    const r = rows[0];
    return r ? { ...toAssignment(r), priority: r.priority, access: toAccess(r) } : null;
  }

  /** History and reassignment chain of an assignment (read after commit, so it shows what was just done). */
  async detail(id: string): Promise<AssignmentDetail | null> {
    const rows: WorkflowAssignmentRow[] = await this.dataSource.query(`SELECT ${ASSIGNMENT_COLUMNS} FROM routing.assignment a WHERE a.id = $1`, [id]);
    if (rows.length === 0) return null;
    const history: TransitionRow[] = await this.dataSource.query(
      `SELECT * FROM routing.assignment_transition WHERE assignment_id = $1 ORDER BY at, id`,
      [id],
    );
    // The whole chain: back to the first unit through previous_assignment_id, then forward to the last.
    const chain: WorkflowAssignmentRow[] = await this.dataSource.query(
      `WITH RECURSIVE back AS (
         SELECT a.*, 0 AS depth FROM routing.assignment a WHERE a.id = $1
         UNION ALL
         SELECT p.*, b.depth - 1 FROM routing.assignment p JOIN back b ON p.id = b.previous_assignment_id
       ), fwd AS (
         SELECT a.*, 0 AS depth FROM routing.assignment a WHERE a.id = $1
         UNION ALL
         SELECT n.*, f.depth + 1 FROM routing.assignment n JOIN fwd f ON n.previous_assignment_id = f.id
       )
       SELECT ${ASSIGNMENT_COLUMNS} FROM (SELECT * FROM back UNION SELECT * FROM fwd) a ORDER BY a.depth`,
      [id],
    );
    const r = rows[0];
    return {
      ...toAssignment(r),
      previousAssignmentId: r.previous_assignment_id,
      answerPublicationId: r.answer_publication_id,
      history: history.map(toTransition),
      chain: chain.map(toAssignment),
    };
  }
}

interface TransitionRow {
  id: string;
  assignment_id: string;
  from_state: Assignment['state'] | null;
  to_state: Assignment['state'];
  actor_kind: Actor['kind'];
  actor_id: string;
  at: Date;
  reason: string | null;
  assignee_id: string | null;
  answer_publication_id: string | null;
  next_assignment_id: string | null;
}

function toTransition(r: TransitionRow): AssignmentTransition {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    from: r.from_state,
    to: r.to_state,
    actor: { kind: r.actor_kind, id: r.actor_id },
    at: r.at.toISOString(),
    reason: r.reason,
    assigneeId: r.assignee_id,
    answerPublicationId: r.answer_publication_id,
    nextAssignmentId: r.next_assignment_id,
  };
}

const ACCESS_COLUMNS = `j.classification, j.status, j.author_id, j.access_units, j.access_communities, j.access_agents, j.access_ministries, j.partners`;

interface AccessRow {
  classification: AccessDescriptor['classification'];
  status: AccessDescriptor['status'];
  author_id: string;
  access_units: string[];
  access_communities: string[];
  access_agents: string[];
  access_ministries: string[];
  partners: boolean;
}

function toAccess(r: AccessRow): AccessDescriptor {
  return {
    classification: r.classification,
    status: r.status,
    authorId: r.author_id,
    units: r.access_units,
    communities: r.access_communities,
    agents: r.access_agents,
    ministries: r.access_ministries,
    partners: r.partners,
  };
}

