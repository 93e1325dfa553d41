import { MigrationInterface, QueryRunner } from 'typeorm';

/** Routing rules maintained by administrators, and the explanation of every routing decision. */
export class RoutingRules1763950000000 implements MigrationInterface {
  name = 'RoutingRules1763950000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE routing.routing_rule (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      kinds text[] NOT NULL DEFAULT '{}',
      topics text[] NOT NULL DEFAULT '{}',
      countries text[] NOT NULL DEFAULT '{}',
      emitting_units text[] NOT NULL DEFAULT '{}',
      priorities text[] NOT NULL DEFAULT '{}',
      for_action text[] NOT NULL DEFAULT '{}',
      for_information text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT routing_rule_name_unique UNIQUE (name)
    )`);
    // Pages of the administrators' list.
    await runner.query(`CREATE INDEX routing_rule_created_idx ON routing.routing_rule (created_at, id)`);
    // One row per reason a unit holds a publication in a role; a replay adds nothing.
    await runner.query(`CREATE TABLE routing.routing_decision (
      publication_id uuid NOT NULL REFERENCES routing.journal_item (publication_id) ON DELETE CASCADE,
      unit_id text NOT NULL,
      role text NOT NULL,
      source text NOT NULL CHECK (source IN ('addressing', 'rule')),
      rule_id uuid,
      rule_name text,
      source_key text NOT NULL,
      decided_at timestamptz NOT NULL,
      PRIMARY KEY (publication_id, unit_id, role, source_key)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE routing.routing_decision`);
    await runner.query(`DROP TABLE routing.routing_rule`);
  }
}
