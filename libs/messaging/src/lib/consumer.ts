import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AckPolicy, DeliverPolicy, JsMsg, ConsumerMessages, nanos, headers as natsHeaders } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { EventContract, EventEnvelope, StreamKey, envelopeOf, validationIssues } from '@diplomatie/contracts';
import { quoteIdent } from '@diplomatie/persistence';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsService } from './nats.service';
import { isNotFound } from './jetstream';

const EVENT_HANDLER = Symbol('EVENT_HANDLER');
const decoder = new TextDecoder();

export type EventHandlerFn<T = unknown> = (data: T, event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

/** Marks a method as the handler of a domain event; it runs inside the consumer's transaction. */
export const OnEvent = (contract: EventContract) => SetMetadata(EVENT_HANDLER, contract);

class PoisonMessage extends Error {}

/**
 * One durable pull consumer per stream the service listens to, shared by its replicas.
 * A message is acked only after the handler's transaction, which also records the event id in
 * `processed_event`, committed: a redelivery finds the id and changes nothing. After
 * `maxDeliver` failed attempts — or at once for a payload that breaks its contract — the message
 * goes to `deadletter.<service>.<subject>` and stops blocking the stream.
 */
@Injectable()
export class EventConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumerHost.name);
  private readonly handlers = new Map<string, { contract: EventContract; fn: EventHandlerFn }>();
  private readonly loops: { messages: ConsumerMessages; done: Promise<void> }[] = [];
  private inFlight = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly nats: NatsService,
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.discover();
    const streams = new Set<StreamKey>([...this.handlers.values()].map(({ contract }) => contract.service));
    for (const stream of streams) await this.start(stream);
  }

  /** Messages being handled right now (tests wait for zero). */
  get busy(): number {
    return this.inFlight;
  }

  private discover(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const method = instance[name] as EventHandlerFn;
        const contract = this.reflector.get<EventContract | undefined>(EVENT_HANDLER, method);
        if (!contract) continue;
        if (this.handlers.has(contract.subject)) throw new Error(`two handlers for ${contract.subject}`);
        this.handlers.set(contract.subject, { contract, fn: method.bind(instance) });
      }
    }
  }

  private async start(stream: StreamKey): Promise<void> {
    const streamName = this.nats.streamName(stream);
    const durable = this.options.service;
    try {
      await this.nats.jsm.consumers.info(streamName, durable);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.nats.jsm.consumers.add(streamName, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        // Short enough that messages a crashed replica had fetched come back quickly; a slow handler
        // redelivered meanwhile is harmless (processed_event makes the second attempt a no-op).
        ack_wait: nanos(this.options.consumer?.ackWaitMs ?? 10_000),
        max_deliver: -1,
        max_ack_pending: 1_000,
      });
    }
    const consumer = await this.nats.js.consumers.get(streamName, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    const done = (async () => {
      for await (const msg of messages) await this.handle(msg);
    })().catch((error) => this.logger.error(`consumer ${durable}@${streamName} stopped: ${(error as Error).message}`));
    this.loops.push({ messages, done });
    this.logger.log(`consuming ${streamName} as ${durable}`);
  }

  private async handle(msg: JsMsg): Promise<void> {
    this.inFlight++;
    const subject = this.nats.unqualify(msg.subject);
    const entry = this.handlers.get(subject);
    let eventId: string | undefined;
    try {
      if (!entry) {
        msg.ack(); // an event this service does not need
        return;
      }
      const event = this.parse(entry.contract, msg);
      eventId = event.id;
      await this.dataSource.transaction(async (manager) => {
        const schema = quoteIdent(this.options.schema ?? '');
        const fresh: unknown[] = await manager.query(
          `INSERT INTO ${schema}.processed_event (consumer, event_id, subject) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.options.service, event.id, subject],
        );
        if (fresh.length === 0) return; // already applied: a redelivery changes nothing
        await entry.fn(event.data, event, manager);
      });
      msg.ack();
      this.logger.debug({ eventId, subject, seq: msg.seq }, 'event handled');
    } catch (error) {
      await this.failed(msg, subject, error, eventId);
    } finally {
      this.inFlight--;
    }
  }

  private parse(contract: EventContract, msg: JsMsg): EventEnvelope {
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(msg.data));
    } catch {
      throw new PoisonMessage('payload is not JSON');
    }
    const result = envelopeOf(contract.data).safeParse(json);
    if (!result.success) {
      throw new PoisonMessage(`payload breaks ${contract.subject}: ${JSON.stringify(validationIssues(result.error))}`);
    }
    return result.data as EventEnvelope;
  }

  private async failed(msg: JsMsg, subject: string, error: unknown, eventId?: string): Promise<void> {
    const attempts = msg.info.deliveryCount;
    const maxDeliver = this.options.consumer?.maxDeliver ?? 5;
    const reason = (error as Error).message;
    if (error instanceof PoisonMessage || attempts >= maxDeliver) {
      const h = natsHeaders();
      h.set('x-original-subject', subject);
      h.set('x-error', reason.slice(0, 1_000));
      h.set('x-attempts', String(attempts));
      try {
        await this.nats.js.publish(this.nats.subject(`deadletter.${this.options.service}.${subject}`), msg.data, { headers: h });
        msg.term();
        this.logger.error({ eventId, subject, attempts, seq: msg.seq }, `event dead-lettered: ${reason}`);
      } catch (dlqError) {
        this.logger.error(`dead-letter publish failed (${(dlqError as Error).message}); will retry`);
        msg.nak(5_000);
      }
      return;
    }
    const delay = Math.min(200 * 2 ** (attempts - 1), 10_000);
    this.logger.warn({ eventId, subject, attempts, seq: msg.seq }, `event handling failed (${reason}); retry in ${delay} ms`);
    msg.nak(delay);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Stop pulling; the message in hand finishes (and is acked) before the connection drains.
    for (const loop of this.loops) loop.messages.stop();
    await Promise.allSettled(this.loops.map((l) => l.done));
  }
}
