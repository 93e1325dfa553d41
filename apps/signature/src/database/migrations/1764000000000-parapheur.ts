import { MigrationInterface, QueryRunner } from 'typeorm';

/** The parapheur: circuits with their document, steps, signatures, the hash-chained trail and the key store. */
export class Parapheur1764000000000 implements MigrationInterface {
  name = 'Parapheur1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    // The template's placeholder table never held data.
    await runner.query(`DROP TABLE signature.circuit`);
    await runner.query(`CREATE TABLE signature.circuit (
      id uuid PRIMARY KEY,
      title text NOT NULL,
      publication_id uuid,
      status text NOT NULL CHECK (status IN ('in_progress', 'completed', 'rejected')),
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      current_stage int,
      document_name text NOT NULL,
      media_type text NOT NULL,
      document bytea NOT NULL,
      document_sha256 text NOT NULL,
      signed_document bytea,
      signed_sha256 text,
      rejection jsonb,
      trail_head text NOT NULL,
      trail_length int NOT NULL DEFAULT 0
    )`);
    await runner.query(`CREATE INDEX circuit_publication ON signature.circuit (publication_id) WHERE publication_id IS NOT NULL`);
    await runner.query(`CREATE TABLE signature.step (
      id uuid PRIMARY KEY,
      circuit_id uuid NOT NULL REFERENCES signature.circuit (id) ON DELETE CASCADE,
      stage int NOT NULL,
      position int NOT NULL,
      mode text NOT NULL CHECK (mode IN ('all', 'any')),
      kind text NOT NULL CHECK (kind IN ('visa', 'signature')),
      agent_id uuid,
      unit_id text,
      status text NOT NULL CHECK (status IN ('waiting', 'pending', 'done', 'rejected', 'skipped', 'cancelled')),
      acted_by uuid,
      on_behalf_of uuid,
      acted_at timestamptz,
      comment text,
      delegation jsonb,
      signature_id uuid,
      CHECK ((agent_id IS NULL) <> (unit_id IS NULL)),
      UNIQUE (circuit_id, stage, position)
    )`);
    await runner.query(`CREATE INDEX step_agent ON signature.step (agent_id) WHERE agent_id IS NOT NULL`);
    await runner.query(`CREATE TABLE signature.signature (
      id uuid PRIMARY KEY,
      circuit_id uuid NOT NULL REFERENCES signature.circuit (id) ON DELETE CASCADE,
      step_id uuid NOT NULL REFERENCES signature.step (id) ON DELETE CASCADE,
      format text NOT NULL CHECK (format IN ('cms', 'pades')),
      signer_id uuid NOT NULL,
      on_behalf_of uuid,
      certificate_serial text NOT NULL,
      cms bytea NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE TABLE signature.audit_entry (
      circuit_id uuid NOT NULL REFERENCES signature.circuit (id) ON DELETE CASCADE,
      seq int NOT NULL,
      action text NOT NULL,
      actor_id text NOT NULL,
      at text NOT NULL,
      data jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      signature text NOT NULL,
      PRIMARY KEY (circuit_id, seq)
    )`);
    // Private keys are PKCS#8 PEM encrypted with SIGNATURE_KEYSTORE_SECRET; never stored in clear.
    await runner.query(`CREATE TABLE signature.key_pair (
      owner text PRIMARY KEY,
      display_name text NOT NULL,
      certificate text NOT NULL,
      encrypted_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE signature.key_pair`);
    await runner.query(`DROP TABLE signature.audit_entry`);
    await runner.query(`DROP TABLE signature.signature`);
    await runner.query(`DROP TABLE signature.step`);
    await runner.query(`DROP TABLE signature.circuit`);
    await runner.query(`CREATE TABLE signature.circuit (
      id uuid PRIMARY KEY,
      publication_id uuid NOT NULL,
      status text NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }
}
