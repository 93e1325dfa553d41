import { MigrationInterface, QueryRunner } from 'typeorm';

/** Version history of published publications, and withdrawal. */
export class Versions1764000200000 implements MigrationInterface {
  name = 'Versions1764000200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE publications.publication_version (
      publication_id uuid NOT NULL REFERENCES publications.publication (id),
      version integer NOT NULL CHECK (version > 0),
      edited_by text NOT NULL,
      edited_at timestamptz NOT NULL,
      changed_fields text[] NOT NULL,
      -- The publication as it read in this version (null for versions published before history was kept).
      snapshot jsonb,
      PRIMARY KEY (publication_id, version)
    )`);
    // What was published before this migration has its first version on record too.
    await runner.query(`INSERT INTO publications.publication_version (publication_id, version, edited_by, edited_at, changed_fields)
      SELECT id, 1, author_id::text, published_at, '{}' FROM publications.publication WHERE status <> 'draft'`);
    await runner.query(`ALTER TABLE publications.publication ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawal_reason text,
      ADD CONSTRAINT publication_withdrawn_has_date CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE publications.publication DROP CONSTRAINT publication_withdrawn_has_date,
      DROP COLUMN withdrawal_reason, DROP COLUMN withdrawn_at`);
    await runner.query(`DROP TABLE publications.publication_version`);
  }
}
