import { MigrationInterface, QueryRunner } from 'typeorm';

/** Diplomatic notes (addressee units) and formal letters (external recipient, references, signature flag). */
export class Kinds1764000000000 implements MigrationInterface {
  name = 'Kinds1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE publications.publication
      ADD COLUMN addressees text[] NOT NULL DEFAULT '{}',
      ADD COLUMN recipient jsonb,
      ADD COLUMN our_reference text,
      ADD COLUMN their_reference text,
      ADD COLUMN signature_required boolean NOT NULL DEFAULT false`);
    // A note's addressees read it: they join the access units, and the CHECK follows.
    await runner.query(`ALTER TABLE publications.publication DROP CONSTRAINT publication_access_units_in_sync`);
    await runner.query(`ALTER TABLE publications.publication ADD CONSTRAINT publication_access_units_in_sync CHECK (
      access_units @> (ARRAY[emitting_unit_id] || for_action || for_information || addressees)
      AND access_units <@ (ARRAY[emitting_unit_id] || for_action || for_information || addressees)
    )`);
    await runner.query(`ALTER TABLE publications.publication ADD CONSTRAINT publication_letter_has_recipient
      CHECK ((kind = 'formal_letter') = (recipient IS NOT NULL))`);
    await runner.query(`ALTER TABLE publications.publication ADD CONSTRAINT publication_post_not_for_action
      CHECK (kind <> 'post' OR cardinality(for_action) = 0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE publications.publication DROP CONSTRAINT publication_post_not_for_action`);
    await runner.query(`ALTER TABLE publications.publication DROP CONSTRAINT publication_letter_has_recipient`);
    await runner.query(`ALTER TABLE publications.publication DROP CONSTRAINT publication_access_units_in_sync`);
    await runner.query(`ALTER TABLE publications.publication ADD CONSTRAINT publication_access_units_in_sync CHECK (
      access_units @> (ARRAY[emitting_unit_id] || for_action || for_information)
      AND access_units <@ (ARRAY[emitting_unit_id] || for_action || for_information)
    )`);
    await runner.query(`ALTER TABLE publications.publication
      DROP COLUMN signature_required, DROP COLUMN their_reference, DROP COLUMN our_reference,
      DROP COLUMN recipient, DROP COLUMN addressees`);
  }
}
