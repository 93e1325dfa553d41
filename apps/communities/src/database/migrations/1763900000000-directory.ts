import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@diplomatie/messaging';

export class Directory1763900000000 implements MigrationInterface {
  name = 'Directory1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'communities');
    await runner.query(`CREATE TABLE communities.unit (
      id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ministry', 'direction', 'sub_direction', 'service', 'post')),
      parent_id text REFERENCES communities.unit (id),
      country text CHECK (country ~ '^[A-Z]{2}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (parent_id IS DISTINCT FROM id)
    )`);
    // Children of a unit: the recursive walks of the hierarchy go down through this index.
    await runner.query(`CREATE INDEX unit_parent_idx ON communities.unit (parent_id)`);
    await runner.query(`CREATE TABLE communities.organisation (
      id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('company', 'ngo', 'press')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE communities.agent (
      id uuid PRIMARY KEY,
      login text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('agent', 'partner')),
      given_name text NOT NULL,
      family_name text NOT NULL,
      title text NOT NULL DEFAULT '',
      email text,
      languages text[] NOT NULL DEFAULT '{}',
      organisation_id text REFERENCES communities.organisation (id),
      charter_accepted_at timestamptz,
      roles text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind = 'agent' OR organisation_id IS NOT NULL)
    )`);
    await runner.query(`CREATE INDEX agent_organisation_idx ON communities.agent (organisation_id) WHERE organisation_id IS NOT NULL`);
    await runner.query(`CREATE TABLE communities.unit_membership (
      agent_id uuid NOT NULL REFERENCES communities.agent (id) ON DELETE CASCADE,
      unit_id text NOT NULL REFERENCES communities.unit (id),
      role text NOT NULL CHECK (role IN ('agent', 'head')),
      PRIMARY KEY (agent_id, unit_id)
    )`);
    // Members and heads of a unit (UnitView.heads, routing to a unit).
    await runner.query(`CREATE INDEX unit_membership_unit_idx ON communities.unit_membership (unit_id, role)`);
    await runner.query(`CREATE TABLE communities.topic (
      id text PRIMARY KEY,
      label text NOT NULL,
      synonyms text[] NOT NULL DEFAULT '{}'
    )`);
    await runner.query(`CREATE TABLE communities.community (
      id text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      kind text NOT NULL CHECK (kind IN ('open', 'closed', 'secret')),
      partners_allowed boolean NOT NULL DEFAULT false,
      topics text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE communities.community_member (
      community_id text NOT NULL REFERENCES communities.community (id) ON DELETE CASCADE,
      agent_id uuid NOT NULL REFERENCES communities.agent (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (community_id, agent_id)
    )`);
    // The communities of one agent: on the principal's hot path.
    await runner.query(`CREATE INDEX community_member_agent_idx ON communities.community_member (agent_id)`);
    await runner.query(`CREATE TABLE communities.interest (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agent_id uuid NOT NULL REFERENCES communities.agent (id) ON DELETE CASCADE,
      topic_id text REFERENCES communities.topic (id) ON DELETE CASCADE,
      community_id text REFERENCES communities.community (id) ON DELETE CASCADE,
      CHECK ((topic_id IS NULL) <> (community_id IS NULL))
    )`);
    await runner.query(`CREATE UNIQUE INDEX interest_agent_topic_key ON communities.interest (agent_id, topic_id) WHERE topic_id IS NOT NULL`);
    await runner.query(`CREATE UNIQUE INDEX interest_agent_community_key ON communities.interest (agent_id, community_id) WHERE community_id IS NOT NULL`);
    // Followers of a topic or a community (who to notify).
    await runner.query(`CREATE INDEX interest_topic_idx ON communities.interest (topic_id) WHERE topic_id IS NOT NULL`);
    await runner.query(`CREATE INDEX interest_community_idx ON communities.interest (community_id) WHERE community_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['interest', 'community_member', 'community', 'topic', 'unit_membership', 'agent', 'organisation', 'unit']) {
      await runner.query(`DROP TABLE communities.${table}`);
    }
    await dropMessagingTables(runner, 'communities');
  }
}
