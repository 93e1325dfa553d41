import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommunityLifecycle1764100000000 implements MigrationInterface {
  name = 'CommunityLifecycle1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE communities.community
      ADD COLUMN created_by uuid REFERENCES communities.agent (id) ON DELETE SET NULL,
      ADD COLUMN archived_at timestamptz`);
    // Pending join requests (closed communities) and invitations: a row disappears once decided.
    await runner.query(`CREATE TABLE communities.community_request (
      community_id text NOT NULL REFERENCES communities.community (id) ON DELETE CASCADE,
      agent_id uuid NOT NULL REFERENCES communities.agent (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('join_request', 'invitation')),
      invited_by uuid REFERENCES communities.agent (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (community_id, agent_id, kind)
    )`);
    // An account's pending invitations (secret communities it may see before joining).
    await runner.query(`CREATE INDEX community_request_agent_idx ON communities.community_request (agent_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE communities.community_request`);
    await runner.query(`ALTER TABLE communities.community DROP COLUMN archived_at, DROP COLUMN created_by`);
  }
}
