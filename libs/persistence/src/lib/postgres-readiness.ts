import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessCheck, withTimeout } from '@diplomatie/observability';

/** Readiness of PostgreSQL: a `SELECT 1` on the service's own pool, raced against a timeout. */
@Injectable()
export class PostgresReadiness implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}

  async check(timeoutMs: number): Promise<void> {
    await withTimeout(this.dataSource.query('SELECT 1'), timeoutMs, 'postgres');
  }
}

