import { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments, ratings, readers (views), and the replica of who belongs to which unit and community (reach). */
export class Social1764000100000 implements MigrationInterface {
  name = 'Social1764000100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE publications.comment (
      id uuid PRIMARY KEY,
      publication_id uuid NOT NULL REFERENCES publications.publication (id),
      -- One level of threads: a reply's parent is a top-level comment (the service checks it).
      parent_id uuid REFERENCES publications.comment (id),
      author_id text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL,
      edited_at timestamptz,
      deleted_at timestamptz,
      CONSTRAINT comment_deleted_is_empty CHECK (deleted_at IS NULL OR body = '')
    )`);
    // Threads in order: ids are uuid v7, so they sort by creation time.
    await runner.query(`CREATE INDEX comment_thread_idx ON publications.comment (publication_id, (coalesce(parent_id, id)), id)`);
    await runner.query(`CREATE TABLE publications.rating (
      publication_id uuid NOT NULL REFERENCES publications.publication (id),
      reader_id text NOT NULL,
      stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
      rated_at timestamptz NOT NULL,
      PRIMARY KEY (publication_id, reader_id)
    )`);
    await runner.query(`CREATE TABLE publications.reader (
      publication_id uuid NOT NULL REFERENCES publications.publication (id),
      reader_id text NOT NULL,
      first_read_at timestamptz NOT NULL,
      last_read_at timestamptz NOT NULL,
      views integer NOT NULL CHECK (views > 0),
      PRIMARY KEY (publication_id, reader_id)
    )`);
    await runner.query(`CREATE TABLE publications.agent_replica (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      active boolean NOT NULL,
      units text[] NOT NULL,
      communities text[] NOT NULL,
      -- occurredAt of the snapshot applied: a late, older snapshot never overwrites a newer one.
      changed_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX agent_replica_units_idx ON publications.agent_replica USING gin (units)`);
    await runner.query(`CREATE INDEX agent_replica_communities_idx ON publications.agent_replica USING gin (communities)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE publications.agent_replica`);
    await runner.query(`DROP TABLE publications.reader`);
    await runner.query(`DROP TABLE publications.rating`);
    await runner.query(`DROP TABLE publications.comment`);
  }
}
