import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { headers as natsHeaders } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { EntityManager, DataSource } from 'typeorm';
import { Actor, EventContract, EventEnvelope, validationError } from '@diplomatie/contracts';
import { z } from 'zod';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsService } from './nats.service';
import { quoteIdent } from '@diplomatie/persistence';

/** Writes events in the caller's transaction: the state change and its event commit together. */
@Injectable()
export class Outbox {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async enqueue<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    data: z.input<C['data']>,
    actor: Actor,
    meta: { requestId?: string } = {},
  ): Promise<EventEnvelope<z.output<C['data']>>> {
    const parsed = contract.data.safeParse(data);
    if (!parsed.success) throw validationError(parsed.error, `${contract.type} event`);
    const envelope: EventEnvelope<z.output<C['data']>> = {
      id: uuidv7(),
      type: contract.type,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      actor,
      tenant: this.options.tenant,
      data: parsed.data as z.output<C['data']>,
    };
    const schema = quoteIdent(requireSchema(this.options));
    await manager.query(
      `INSERT INTO ${schema}.outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4)`,
      [envelope.id, contract.subject, envelope, { 'x-request-id': meta.requestId ?? envelope.id }],
    );
    // Delivered at commit only: the relay wakes when there is something to send.
    await manager.query(`SELECT pg_notify($1, '')`, [channelOf(this.options)]);
    return envelope;
  }
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox to JetStream with `Nats-Msg-Id` = event id, so a re-send after a crash is
 * deduplicated by the server. Rows are claimed with `FOR UPDATE SKIP LOCKED`: several replicas
 * share the work without sending a row twice at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private wakeAgain = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly nats: NatsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.outbox?.pollMs ?? 1_000);
    this.wake();
  }

  /** Sends everything pending now; resolves when the outbox is empty (used by tests and shutdown). */
  wake(): Promise<void> {
    if (this.stopped) return this.idle;
    if (this.running) {
      this.wakeAgain = true;
      return this.idle;
    }
    this.running = true;
    this.idle = this.drainLoop().finally(() => {
      this.running = false;
    });
    return this.idle;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.wakeAgain = false;
      try {
        while (!this.stopped && (await this.sendBatch()) > 0) {
          // keep going while there is a backlog
        }
      } catch (error) {
        this.logger.warn(`outbox relay: ${(error as Error).message} (will retry)`);
        return;
      }
    } while (this.wakeAgain && !this.stopped);
  }

  private async sendBatch(): Promise<number> {
    const schema = quoteIdent(requireSchema(this.options));
    const batch = this.options.outbox?.batchSize ?? 100;
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, subject, payload, headers FROM ${schema}.outbox
          WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      if (rows.length === 0) return 0;
      const acks = rows.map((row) => {
        const h = natsHeaders();
        for (const [k, v] of Object.entries(row.headers ?? {})) h.set(k, String(v));
        return this.nats.js.publish(this.nats.subject(row.subject), new TextEncoder().encode(JSON.stringify(row.payload)), {
          msgID: row.id,
          headers: h,
          timeout: 5_000,
        });
      });
      await Promise.all(acks);
      await manager.query(`UPDATE ${schema}.outbox SET sent_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async listen(): Promise<void> {
    if (!this.options.databaseUrl) return;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `outbox-relay-${this.options.service}` });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn(`outbox LISTEN connection lost: ${error.message}; polling until it is back`);
      this.listener = undefined;
      setTimeout(() => !this.stopped && void this.listen().catch(() => undefined), 2_000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(channelOf(this.options))}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`outbox LISTEN unavailable (${(error as Error).message}); polling only`);
      await client.end().catch(() => undefined);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle;
    await this.listener?.end().catch(() => undefined);
  }
}

function requireSchema(options: MessagingOptions): string {
  if (!options.schema) throw new Error('messaging: the outbox needs the service schema');
  return options.schema;
}
function channelOf(options: MessagingOptions): string {
  return `${requireSchema(options)}_outbox`;
}
