import { MigrationInterface, QueryRunner } from 'typeorm';

/** The pour-action workflow: reassignment links, answers, the transition history, and per-agent read marks. */
export class AssignmentWorkflow1763900000000 implements MigrationInterface {
  name = 'AssignmentWorkflow1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE routing.assignment
      ADD COLUMN previous_assignment_id uuid REFERENCES routing.assignment (id) ON DELETE SET NULL,
      ADD COLUMN answer_publication_id uuid`);
    // The chain is walked both ways: from an assignment to the one it came from, and to the next.
    await runner.query(`CREATE INDEX assignment_previous_idx ON routing.assignment (previous_assignment_id) WHERE previous_assignment_id IS NOT NULL`);
    await runner.query(`CREATE TABLE routing.assignment_transition (
      id uuid PRIMARY KEY,
      assignment_id uuid NOT NULL REFERENCES routing.assignment (id) ON DELETE CASCADE,
      from_state text,
      to_state text NOT NULL,
      actor_kind text NOT NULL,
      actor_id text NOT NULL,
      at timestamptz NOT NULL,
      reason text,
      assignee_id uuid,
      answer_publication_id uuid,
      next_assignment_id uuid
    )`);
    await runner.query(`CREATE INDEX assignment_transition_history_idx ON routing.assignment_transition (assignment_id, at, id)`);
    // Unread flags: one row per (agent, publication) read; the journal's pages probe it by primary key.
    await runner.query(`CREATE TABLE routing.read_mark (
      agent_id uuid NOT NULL,
      publication_id uuid NOT NULL REFERENCES routing.journal_item (publication_id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (agent_id, publication_id)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE routing.read_mark`);
    await runner.query(`DROP TABLE routing.assignment_transition`);
    await runner.query(`ALTER TABLE routing.assignment DROP COLUMN answer_publication_id, DROP COLUMN previous_assignment_id`);
  }
}
