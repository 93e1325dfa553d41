import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@diplomatie/messaging';
import { accessColumnsDdl } from '@diplomatie/persistence';

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'publications');
    // classification, status and author_id come from the shared access DDL: declared once.
    await runner.query(`CREATE TABLE publications.publication (
      id uuid PRIMARY KEY,
      reference text UNIQUE,
      kind text NOT NULL CHECK (kind IN ('telegram', 'diplomatic_note', 'formal_letter', 'post')),
      subject text NOT NULL,
      summary text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      priority text NOT NULL DEFAULT 'routine' CHECK (priority IN ('routine', 'priority', 'urgent', 'flash')),
      country text,
      topics text[] NOT NULL DEFAULT '{}',
      communities text[] NOT NULL DEFAULT '{}',
      for_action text[] NOT NULL DEFAULT '{}',
      for_information text[] NOT NULL DEFAULT '{}',
      emitting_unit_id text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      open_to_partners boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      ${accessColumnsDdl},
      CONSTRAINT publication_classification_check CHECK (classification IN ('public', 'internal', 'restricted')),
      CONSTRAINT publication_status_check CHECK (status IN ('draft', 'published', 'withdrawn')),
      CONSTRAINT publication_published_has_reference CHECK (status = 'draft' OR (reference IS NOT NULL AND published_at IS NOT NULL)),
      CONSTRAINT publication_partners_only_public CHECK (NOT open_to_partners OR classification = 'public'),
      -- The access columns are derived data: the database refuses any row where they drift.
      CONSTRAINT publication_partners_in_sync CHECK (partners = (classification = 'public' AND open_to_partners)),
      CONSTRAINT publication_access_units_in_sync CHECK (
        access_units @> (ARRAY[emitting_unit_id] || for_action || for_information)
        AND access_units <@ (ARRAY[emitting_unit_id] || for_action || for_information)
      ),
      CONSTRAINT publication_access_communities_in_sync CHECK (access_communities @> communities AND access_communities <@ communities)
    )`);
    await runner.query(`CREATE INDEX publication_feed_idx ON publications.publication ((coalesce(published_at, created_at)) DESC, id DESC)`);
    await runner.query(`CREATE INDEX publication_status_published_idx ON publications.publication (status, published_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX publication_author_idx ON publications.publication (author_id, created_at DESC)`);
    await runner.query(`CREATE INDEX publication_access_units_idx ON publications.publication USING gin (access_units)`);
    await runner.query(`CREATE INDEX publication_access_communities_idx ON publications.publication USING gin (access_communities)`);
    await runner.query(`CREATE INDEX publication_access_agents_idx ON publications.publication USING gin (access_agents)`);
    await runner.query(`CREATE INDEX publication_access_ministries_idx ON publications.publication USING gin (access_ministries)`);
    await runner.query(`CREATE TABLE publications.reference_counter (
      emitting_unit_id text NOT NULL,
      year integer NOT NULL,
      last_value integer NOT NULL CHECK (last_value > 0),
      PRIMARY KEY (emitting_unit_id, year)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE publications.reference_counter`);
    await runner.query(`DROP TABLE publications.publication`);
    await dropMessagingTables(runner, 'publications');
  }
}
