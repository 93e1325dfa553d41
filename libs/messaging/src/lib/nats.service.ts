import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { connect, JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { ReadinessCheck, withTimeout } from '@diplomatie/observability';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { Streams, StreamKey } from '@diplomatie/contracts';
import { ensureStreams } from './jetstream';

/** The app's one NATS connection, shared by RPC, JetStream, the relay, consumers and health. */
@Injectable()
export class NatsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsService.name);
  private connection?: NatsConnection;
  private manager?: JetStreamManager;

  constructor(@Inject(MESSAGING_OPTIONS) readonly options: MessagingOptions) {}

  async onModuleInit(): Promise<void> {
    this.connection = await connect({
      servers: this.options.natsUrl,
      name: `diplomatie-${this.options.service}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: false,
      timeout: 5_000,
    });
    this.manager = await this.connection.jetstreamManager();
    void this.watchStatus(this.connection);
    // Streams exist before any relay publishes or consumer binds (hooks of one module run concurrently).
    await ensureStreams(this, this.options.streams);
    this.logger.log(`connected to NATS ${this.connection.getServer()}`);
  }

  get nc(): NatsConnection {
    if (!this.connection) throw new Error('NATS is not connected yet');
    return this.connection;
  }
  get js(): JetStreamClient {
    return this.nc.jetstream();
  }
  get jsm(): JetStreamManager {
    if (!this.manager) throw new Error('NATS is not connected yet');
    return this.manager;
  }

  /** A contract subject as it travels on this server (namespaced in tests and shared servers). */
  subject(subject: string): string {
    return this.options.namespace ? `${this.options.namespace}.${subject}` : subject;
  }
  /** Strips the namespace from a received subject. */
  unqualify(subject: string): string {
    const prefix = this.options.namespace ? `${this.options.namespace}.` : '';
    return prefix && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
  }
  streamName(key: StreamKey): string {
    const base = Streams[key].name;
    return this.options.namespace ? `${base}_${this.options.namespace.toUpperCase()}` : base;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) {
      // drain: finish in-flight handlers, flush pending publishes, then close.
      await this.connection.drain().catch((e) => this.logger.warn(`NATS drain: ${(e as Error).message}`));
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') {
        this.logger.warn({ natsStatus: s.type, data: String(s.data) }, `NATS ${s.type}`);
      }
    }
  }
}

/** Readiness of NATS on the app's own connection (never a new connection per probe). */
@Injectable()
export class NatsReadiness implements ReadinessCheck {
  readonly name = 'nats';
  constructor(private readonly nats: NatsService) {}

  async check(timeoutMs: number): Promise<void> {
    const nc = this.nats.nc;
    if (nc.isClosed()) throw new Error('NATS connection closed');
    await withTimeout(nc.flush(), timeoutMs, 'nats');
  }
}
