import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@diplomatie/messaging';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'signature');
    await runner.query(`CREATE TABLE signature.circuit (
      id uuid PRIMARY KEY,
      publication_id uuid NOT NULL,
      status text NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE signature.circuit`);
    await dropMessagingTables(runner, 'signature');
  }
}
