import { MigrationInterface, QueryRunner } from 'typeorm';

/** Overdue detection and escalation: the unit tree replica, and each escalation of an assignment, once per level. */
export class Escalation1763990000000 implements MigrationInterface {
  name = 'Escalation1763990000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE routing.unit_replica (
      id text PRIMARY KEY,
      parent_id text,
      ministry_id text NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
    await runner.query(`ALTER TABLE routing.assignment ADD COLUMN overdue_at timestamptz, ADD COLUMN escalation_level smallint NOT NULL DEFAULT 0`);
    // The scan looks only at open action assignments not yet announced overdue, by deadline.
    await runner.query(`CREATE INDEX assignment_overdue_scan_idx ON routing.assignment (deadline)
      WHERE role = 'action' AND state IN ('received', 'acknowledged', 'in_progress') AND escalation_level < 2`);
    await runner.query(`CREATE TABLE routing.assignment_escalation (
      assignment_id uuid NOT NULL REFERENCES routing.assignment (id) ON DELETE CASCADE,
      level smallint NOT NULL CHECK (level IN (1, 2)),
      unit_id text NOT NULL,
      head_ids uuid[] NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (assignment_id, level)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE routing.assignment_escalation`);
    await runner.query(`DROP INDEX routing.assignment_overdue_scan_idx`);
    await runner.query(`ALTER TABLE routing.assignment DROP COLUMN escalation_level, DROP COLUMN overdue_at`);
    await runner.query(`DROP TABLE routing.unit_replica`);
  }
}
