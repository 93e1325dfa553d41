import { Controller, Injectable, INestApplication, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { AppError, ErrorCode, defineEvent, defineRequest, Principal } from '@diplomatie/contracts';
import {
  createMessagingTables, dropMessagingTables, EventConsumerHost, MessagingModule, NatsReadiness, OnEvent, Outbox, OutboxRelay, RpcHandler,
} from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { DatabaseModule, PostgresReadiness } from '@diplomatie/persistence';
import { servicePrincipal } from './factories';
import { disposeServiceTestEnv, RpcTestClient, serviceTestEnv, ServiceTestEnv, startInProcess } from './service-harness';
import { waitFor } from './wait-for';

// A minimal service built only from the shared libraries, to prove their guarantees on their own.
const SCHEMA = 'msgtest';
const Noted = defineEvent('signature', 'test.noted', 1, 'A note was written (test only).', z.object({ text: z.string() }));
const Echo = defineRequest('signature', 'test.echo', 1, 'Echo (test only).', z.object({ text: z.string() }), z.object({ text: z.string() }));

class Init1763000000001 implements MigrationInterface {
  name = 'Init1763000000001';
  async up(r: QueryRunner): Promise<void> {
    await createMessagingTables(r, SCHEMA);
    await r.query(`CREATE TABLE ${SCHEMA}.note (text text PRIMARY KEY)`);
    await r.query(`CREATE TABLE ${SCHEMA}.received (event_id uuid, text text)`);
  }
  async down(r: QueryRunner): Promise<void> {
    await r.query(`DROP TABLE ${SCHEMA}.note, ${SCHEMA}.received`);
    await dropMessagingTables(r, SCHEMA);
  }
}

@Injectable()
class Notes {
  readonly attempts = new Map<string, number>();
  constructor(private readonly ds: DataSource, private readonly outbox: Outbox) {}

  write(text: string, thenFail = false): Promise<void> {
    return this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO ${SCHEMA}.note (text) VALUES ($1)`, [text]);
      await this.outbox.enqueue(m, Noted, { text }, { kind: 'service', id: 'test' });
      if (thenFail) throw new Error('rolled back after enqueue');
    });
  }

  @OnEvent(Noted)
  async onNoted(data: { text: string }, event: { id: string }, m: EntityManager): Promise<void> {
    this.attempts.set(data.text, (this.attempts.get(data.text) ?? 0) + 1);
    await m.query(`INSERT INTO ${SCHEMA}.received (event_id, text) VALUES ($1, $2)`, [event.id, data.text]);
    if (data.text.startsWith('poison')) throw new Error('this handler always fails on poison');
  }
}

@Controller()
class EchoController {
  @RpcHandler(Echo)
  echo(_p: Principal, data: { text: string }) {
    if (data.text === 'boom') throw new Error('unexpected failure with internal detail');
    if (data.text === 'conflict') throw new AppError(ErrorCode.Conflict, 'already there');
    return { text: data.text };
  }
}

function testModule(env: ServiceTestEnv) {
  @Module({
    imports: [
      loggingModule('msgtest', 'silent'),
      DatabaseModule.forService({ url: env.database.url, schema: SCHEMA, entities: [], migrations: [Init1763000000001], migrationsRun: true }),
      TypeOrmModule.forFeature([]),
      MessagingModule.forRoot({
        service: 'signature', natsUrl: env.natsUrl, namespace: env.namespace, tenant: 'diplomatie',
        streams: ['signature'], schema: SCHEMA, databaseUrl: env.database.url,
        outbox: { pollMs: 200 }, consumer: { maxDeliver: 3 },
      }),
      HealthModule.forRoot([PostgresReadiness, NatsReadiness]),
    ],
    controllers: [EchoController],
    providers: [Notes],
  })
  class MsgTestModule {}
  return MsgTestModule;
}

describe('messaging guarantees', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let notes: Notes;
  let ds: DataSource;
  const received = async (text: string) =>
    Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.received WHERE text = $1`, [text]))[0].n);
  const streamMessages = async () => (await (await rpc.connection.jetstreamManager()).streams.info(`SIGNATURE_${env.namespace.toUpperCase()}`)).state.messages;

  beforeAll(async () => {
    env = await serviceTestEnv();
    app = await startInProcess(testModule(env));
    rpc = await RpcTestClient.connect(env.namespace);
    notes = app.get(Notes);
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await rpc?.close();
    await app?.close();
    if (env) await disposeServiceTestEnv(env);
  });

  it('delivers a committed event exactly once, through outbox, JetStream and the consumer', async () => {
    await notes.write('Note verbale n° 1');
    await waitFor(async () => (await received('Note verbale n° 1')) === 1, { what: 'delivery' });
    const [row] = await ds.query(`SELECT sent_at FROM ${SCHEMA}.outbox WHERE payload->'data'->>'text' = $1`, ['Note verbale n° 1']);
    expect(row.sent_at).not.toBeNull();
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    await expect(notes.write('Brouillon abandonné', true)).rejects.toThrow('rolled back');
    await notes.write('Témoin après le rollback');
    await waitFor(async () => (await received('Témoin après le rollback')) === 1, { what: 'the witness' });
    expect(await received('Brouillon abandonné')).toBe(0);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE payload->'data'->>'text' = $1`, ['Brouillon abandonné']))[0].n)).toBe(0);
  });

  it('re-sending an outbox row after a lost acknowledgement adds nothing (Nats-Msg-Id deduplication)', async () => {
    await notes.write('Télégramme relayé deux fois');
    await waitFor(async () => (await received('Télégramme relayé deux fois')) === 1);
    const before = await streamMessages();
    // As if the relay crashed after publishing and before marking the row sent.
    await ds.query(`UPDATE ${SCHEMA}.outbox SET sent_at = NULL WHERE payload->'data'->>'text' = $1`, ['Télégramme relayé deux fois']);
    await app.get(OutboxRelay).wake();
    await waitFor(async () => {
      const [r] = await ds.query(`SELECT sent_at FROM ${SCHEMA}.outbox WHERE payload->'data'->>'text' = $1`, ['Télégramme relayé deux fois']);
      return r.sent_at !== null;
    });
    expect(await streamMessages()).toBe(before);
    expect(await received('Télégramme relayé deux fois')).toBe(1);
  });

  it('applies a redelivered event once (processed-event table)', async () => {
    await notes.write('Dépêche dupliquée');
    await waitFor(async () => (await received('Dépêche dupliquée')) === 1);
    const [row] = await ds.query(`SELECT id, payload FROM ${SCHEMA}.outbox WHERE payload->'data'->>'text' = $1`, ['Dépêche dupliquée']);
    // Same event, another message id: JetStream stores it, the consumer must ignore it.
    await rpc.connection.jetstream().publish(`${env.namespace}.${Noted.subject}`, new TextEncoder().encode(JSON.stringify(row.payload)), { msgID: uuidv7() });
    await notes.write('Témoin après le doublon');
    await waitFor(async () => (await received('Témoin après le doublon')) === 1);
    expect(await received('Dépêche dupliquée')).toBe(1);
  });

  it('dead-letters an event that keeps failing, after maxDeliver attempts, without blocking the stream', async () => {
    const dead = rpc.connection.subscribe(`${env.namespace}.deadletter.signature.${Noted.subject}`, { max: 1 });
    await notes.write('poison — le gestionnaire échoue toujours');
    await notes.write('Témoin après le poison');
    await waitFor(async () => (await received('Témoin après le poison')) === 1, { timeoutMs: 10_000 });
    const iterator = dead[Symbol.asyncIterator]();
    const msg = (await Promise.race([iterator.next(), new Promise((_, reject) => setTimeout(() => reject(new Error('no dead letter')), 10_000))])) as IteratorResult<{ headers?: { get(k: string): string }; data: Uint8Array }>;
    expect(msg.value.headers?.get('x-attempts')).toBe('3');
    expect(msg.value.headers?.get('x-error')).toContain('always fails');
    expect(notes.attempts.get('poison — le gestionnaire échoue toujours')).toBe(3);
    // Each failed attempt rolled back its own writes.
    expect(await received('poison — le gestionnaire échoue toujours')).toBe(0);
    expect(app.get(EventConsumerHost).busy).toBe(0);
  });

  it('answers requests with the payload, a business error code, or INTERNAL with an errorId', async () => {
    await expect(rpc.request(Echo, servicePrincipal(), { text: 'Bonjour' })).resolves.toEqual({ text: 'Bonjour' });
    await expect(rpc.request(Echo, servicePrincipal(), { text: 'conflict' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'already there' });
    const failure = await rpc.request(Echo, servicePrincipal(), { text: 'boom' }).catch((e: AppError) => e);
    expect(failure).toMatchObject({ code: 'INTERNAL' });
    expect((failure as AppError).message).not.toContain('internal detail');
    expect((failure as AppError).errorId).toBeDefined();
  });

  it('validates requests on the service side too', async () => {
    const reply = await rpc.raw(Echo.subject, { principal: servicePrincipal(), data: { text: 42 } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'text' }] } });
  });

  it('reports UNAVAILABLE when no instance serves a subject', async () => {
    const Nobody = defineRequest('signature', 'test.nobody', 1, 'unserved', z.object({}), z.object({}));
    await expect(rpc.request(Nobody, servicePrincipal(), {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
