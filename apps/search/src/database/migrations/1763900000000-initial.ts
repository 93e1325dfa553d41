import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@diplomatie/messaging';
import { accessColumnsDdl } from '@diplomatie/persistence';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'search');
    // Shared by every schema of the database, so created in public and never dropped here.
    await runner.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // French stemming on accent-folded words: "Élargissement", "elargissement" and "élargissements" meet.
    await runner.query(`CREATE TEXT SEARCH CONFIGURATION search.french_unaccent (COPY = pg_catalog.french)`);
    await runner.query(`ALTER TEXT SEARCH CONFIGURATION search.french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.french_stem`);
    await runner.query(`CREATE TABLE search.document (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      reference text,
      subject text NOT NULL,
      summary text NOT NULL DEFAULT '',
      body_text text NOT NULL DEFAULT '',
      topics text[] NOT NULL DEFAULT '{}',
      communities text[] NOT NULL DEFAULT '{}',
      emitting_unit_id text NOT NULL,
      for_action text[] NOT NULL DEFAULT '{}',
      for_information text[] NOT NULL DEFAULT '{}',
      priority text NOT NULL,
      country text,
      published_at timestamptz NOT NULL,
      version integer NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now(),
      ${accessColumnsDdl},
      routed_units text[] GENERATED ALWAYS AS (ARRAY[emitting_unit_id] || for_action || for_information) STORED,
      tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('search.french_unaccent'::regconfig, coalesce(reference, '') || ' ' || subject), 'A') ||
        setweight(to_tsvector('search.french_unaccent'::regconfig, summary), 'B') ||
        setweight(to_tsvector('search.french_unaccent'::regconfig, body_text), 'C')
      ) STORED
    )`);
    await runner.query(`CREATE INDEX document_tsv_idx ON search.document USING gin (tsv)`);
    await runner.query(`CREATE INDEX document_published_at_idx ON search.document (published_at DESC, id DESC)`);
    for (const column of ['topics', 'communities', 'routed_units', 'access_units', 'access_communities', 'access_agents', 'access_ministries']) {
      await runner.query(`CREATE INDEX document_${column}_idx ON search.document USING gin (${column})`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE search.document`);
    await runner.query(`DROP TEXT SEARCH CONFIGURATION search.french_unaccent`);
    await dropMessagingTables(runner, 'search');
  }
}
