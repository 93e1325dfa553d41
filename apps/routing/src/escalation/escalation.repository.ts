import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RoutingEvents } from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { AssignmentRow, toAssignment } from '../journal/assignment.row';

const ROUTING_ACTOR = { kind: 'service' as const, id: 'routing' };
const OPEN = `('received', 'acknowledged', 'in_progress')`;
const COLUMNS = `a.id, a.publication_id, a.unit_id, a.role, a.state, a.assignee_id, a.deadline, a.created_at, a.updated_at`;
/** Rows handled per statement: a backlog is worked through over several scans rather than in one huge transaction. */
const BATCH = 500;

interface Row extends AssignmentRow {
  /** The unit escalated to. */
  target_unit_id: string;
}

/**
 * Overdue detection and escalation, each step a conditional update on rows claimed with
 * `FOR UPDATE SKIP LOCKED`: several replicas scanning at once never announce the same step twice.
 */
@Injectable()
export class EscalationRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Open action assignments past their deadline and not yet announced: marked, and announced once. */
  async markOverdue(tx: EntityManager, now: Date): Promise<number> {
    const [rows]: [Row[], number] = await tx.query(
      `UPDATE routing.assignment a SET overdue_at = $1
        WHERE a.id IN (SELECT id FROM routing.assignment
                        WHERE role = 'action' AND state IN ${OPEN} AND escalation_level < 2 AND overdue_at IS NULL AND deadline < $1
                        ORDER BY deadline LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [now],
    );
    for (const r of rows) await this.outbox.enqueue(tx, RoutingEvents.assignmentOverdue, { ...toAssignment(r), overdueAt: now.toISOString() }, ROUTING_ACTOR);
    return rows.length;
  }

  /** Level 1: overdue and open, not escalated yet → the heads of its own unit. */
  async escalateToUnitHeads(tx: EntityManager, now: Date): Promise<number> {
    const [rows]: [Row[], number] = await tx.query(
      `UPDATE routing.assignment a SET escalation_level = 1
        WHERE a.id IN (SELECT id FROM routing.assignment
                        WHERE role = 'action' AND state IN ${OPEN} AND overdue_at IS NOT NULL AND escalation_level = 0
                        ORDER BY deadline LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}, a.unit_id AS target_unit_id`,
      [],
    );
    return this.recordEscalations(tx, rows, 1, now);
  }

  /** Level 2: escalated to the unit's heads before `cutoff` and still open → the heads of the parent unit. */
  async escalateToParentHeads(tx: EntityManager, now: Date, cutoff: Date): Promise<number> {
    const [rows]: [Row[], number] = await tx.query(
      `UPDATE routing.assignment a SET escalation_level = 2
         FROM routing.unit_replica u
        WHERE u.id = a.unit_id AND u.parent_id IS NOT NULL
          AND a.id IN (SELECT x.id FROM routing.assignment x JOIN routing.assignment_escalation e ON e.assignment_id = x.id AND e.level = 1
                        WHERE x.role = 'action' AND x.state IN ${OPEN} AND x.escalation_level = 1 AND e.at <= $1
                        ORDER BY x.deadline LIMIT ${BATCH} FOR UPDATE OF x SKIP LOCKED)
        RETURNING ${COLUMNS}, u.parent_id AS target_unit_id`,
      [cutoff],
    );
    return this.recordEscalations(tx, rows, 2, now);
  }

  private async recordEscalations(tx: EntityManager, rows: Row[], level: 1 | 2, now: Date): Promise<number> {
    for (const r of rows) {
      const heads: { id: string }[] = await tx.query(
        `SELECT id FROM routing.agent_replica WHERE active AND head_of @> ARRAY[$1]::text[] ORDER BY id`,
        [r.target_unit_id],
      );
      const headIds = heads.map((h) => h.id);
      await tx.query(
        `INSERT INTO routing.assignment_escalation (assignment_id, level, unit_id, head_ids, at) VALUES ($1, $2, $3, $4, $5)`,
        [r.id, level, r.target_unit_id, headIds, now],
      );
      await this.outbox.enqueue(
        tx, RoutingEvents.assignmentEscalated,
        { level, unitId: r.target_unit_id, at: now.toISOString(), assignment: toAssignment(r), headIds }, ROUTING_ACTOR,
      );
    }
    return rows.length;
  }
}

