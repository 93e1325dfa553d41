import { QueryRunner } from 'typeorm';
import { quoteIdent } from '@diplomatie/persistence';

/** The outbox and processed-event tables; each service's first migration creates them in its schema. */
export async function createMessagingTables(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await runner.query(`CREATE TABLE ${s}.outbox (
    id uuid PRIMARY KEY,
    subject text NOT NULL,
    payload jsonb NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    sent_at timestamptz
  )`);
  await runner.query(`CREATE INDEX outbox_pending_idx ON ${s}.outbox (created_at, id) WHERE sent_at IS NULL`);
  await runner.query(`CREATE TABLE ${s}.processed_event (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    subject text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
  )`);
}

export async function dropMessagingTables(runner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await runner.query(`DROP TABLE IF EXISTS ${s}.processed_event`);
  await runner.query(`DROP TABLE IF EXISTS ${s}.outbox`);
}
