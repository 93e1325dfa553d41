import { MigrationInterface, QueryRunner } from 'typeorm';

export class PeopleSearch1764100000001 implements MigrationInterface {
  name = 'PeopleSearch1764100000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it indexable.
    await runner.query(`CREATE FUNCTION communities.fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
    await runner.query(`ALTER TABLE communities.agent ADD COLUMN visible_to_partners boolean NOT NULL DEFAULT false`);
    await runner.query(`CREATE INDEX agent_search_trgm_idx ON communities.agent
      USING gin (communities.fold(given_name || ' ' || family_name || ' ' || title) public.gin_trgm_ops)`);
    await runner.query(`CREATE INDEX unit_name_trgm_idx ON communities.unit USING gin (communities.fold(name) public.gin_trgm_ops)`);
    // The directory's order (family name, given name): the keyset of its cursor pagination.
    await runner.query(`CREATE INDEX agent_directory_order_idx ON communities.agent (lower(family_name), lower(given_name), id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX communities.agent_directory_order_idx`);
    await runner.query(`DROP INDEX communities.unit_name_trgm_idx`);
    await runner.query(`DROP INDEX communities.agent_search_trgm_idx`);
    await runner.query(`ALTER TABLE communities.agent DROP COLUMN visible_to_partners`);
    await runner.query(`DROP FUNCTION communities.fold(text)`);
  }
}
