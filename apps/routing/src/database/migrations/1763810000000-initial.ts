import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@diplomatie/messaging';
import { accessColumnsDdl } from '@diplomatie/persistence';

const OPEN = `('received', 'acknowledged', 'in_progress')`;

export class Initial1763810000000 implements MigrationInterface {
  name = 'Initial1763810000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'routing');
    await runner.query(`CREATE TABLE routing.journal_item (
      publication_id uuid PRIMARY KEY,
      reference text,
      kind text NOT NULL,
      subject text NOT NULL,
      summary text NOT NULL DEFAULT '',
      priority text NOT NULL CHECK (priority IN ('routine', 'priority', 'urgent', 'flash')),
      emitting_unit_id text NOT NULL,
      topics text[] NOT NULL DEFAULT '{}',
      communities text[] NOT NULL DEFAULT '{}',
      published_at timestamptz NOT NULL,
      ${accessColumnsDdl},
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Centres d'intérêt: newest first, then array overlaps on topics, communities and the access columns.
    await runner.query(`CREATE INDEX journal_item_newest_idx ON routing.journal_item (published_at DESC, publication_id DESC)`);
    for (const column of ['topics', 'communities', 'access_units', 'access_communities', 'access_agents', 'access_ministries']) {
      await runner.query(`CREATE INDEX journal_item_${column}_gin ON routing.journal_item USING gin (${column})`);
    }

    await runner.query(`CREATE TABLE routing.assignment (
      id uuid PRIMARY KEY,
      publication_id uuid NOT NULL REFERENCES routing.journal_item (publication_id) ON DELETE CASCADE,
      unit_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('action', 'information')),
      state text NOT NULL CHECK (state IN ('received', 'acknowledged', 'in_progress', 'done', 'reassigned')),
      assignee_id uuid,
      priority_rank smallint NOT NULL,
      deadline timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT assignment_once UNIQUE (publication_id, unit_id, role),
      CONSTRAINT assignment_action_deadline CHECK (role <> 'action' OR deadline IS NOT NULL)
    )`);
    // À traiter: one index scan per unit already in the journal's order (priority, deadline, id).
    await runner.query(`CREATE INDEX assignment_to_handle_idx ON routing.assignment (unit_id, priority_rank, deadline, id)
      WHERE role = 'action' AND state IN ${OPEN}`);
    // À traiter filtered on a state (closed ones included) and pour-information lookups by unit.
    await runner.query(`CREATE INDEX assignment_unit_role_state_idx ON routing.assignment (unit_id, role, state)`);

    await runner.query(`CREATE TABLE routing.agent_replica (
      id uuid PRIMARY KEY,
      login text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('agent', 'partner')),
      active boolean NOT NULL,
      units text[] NOT NULL DEFAULT '{}',
      head_of text[] NOT NULL DEFAULT '{}',
      communities text[] NOT NULL DEFAULT '{}',
      topics text[] NOT NULL DEFAULT '{}',
      followed_communities text[] NOT NULL DEFAULT '{}',
      changed_at timestamptz NOT NULL
    )`);
    // Escalation finds a unit's heads; live updates find a unit's members.
    await runner.query(`CREATE INDEX agent_replica_head_of_gin ON routing.agent_replica USING gin (head_of)`);
    await runner.query(`CREATE INDEX agent_replica_units_gin ON routing.agent_replica USING gin (units)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE routing.agent_replica`);
    await runner.query(`DROP TABLE routing.assignment`);
    await runner.query(`DROP TABLE routing.journal_item`);
    await dropMessagingTables(runner, 'routing');
  }
}
