import { INestApplication } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { z } from 'zod';
import { Principal, RequestContract, ResponseOf } from '@diplomatie/contracts';
import { sendRequest } from '@diplomatie/messaging';
import { BootstrapOptions, createServiceApp } from '@diplomatie/observability';
import { createTestDatabase, deleteNamespace, natsConnection, testInfra, testNamespace, TestDatabase } from './infra';

/** The environment a service under test gets: its own database and NATS namespace. */
export interface ServiceTestEnv {
  database: TestDatabase;
  namespace: string;
  natsUrl: string;
  /** Env variables to hand to the app's `register(env)` / `loadEnv(source)`. */
  env: Record<string, string>;
}

export async function serviceTestEnv(extra: Record<string, string> = {}): Promise<ServiceTestEnv> {
  const infra = await testInfra();
  const database = await createTestDatabase();
  const namespace = testNamespace();
  return {
    database,
    namespace,
    natsUrl: infra.natsUrl,
    env: {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      NATS_URL: infra.natsUrl,
      NATS_NAMESPACE: namespace,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
      AUTH_DEV_IDP: 'true',
      ...extra,
    },
  };
}

/** Starts a service in-process (real PostgreSQL and NATS), listening on an ephemeral port; `options` as in `main.ts` (the gateway's `configure`). */
export async function startInProcess(module: unknown, options: Omit<BootstrapOptions, 'port'> = {}): Promise<INestApplication> {
  const app = await createServiceApp(module, options);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined); // leave no connection behind to hang the run
    throw error;
  }
  return app;
}

/** Talks to services over their NATS API, as the gateway or another ministry's system would. */
export class RpcTestClient {
  private constructor(private readonly nc: NatsConnection, private readonly namespace: string) {}

  static async connect(namespace: string): Promise<RpcTestClient> {
    return new RpcTestClient(await natsConnection(), namespace);
  }

  request<C extends RequestContract>(contract: C, principal: Principal, data: z.input<C['request']>): Promise<ResponseOf<C>> {
    return sendRequest(this.nc, this.namespace, contract, principal, data, { timeoutMs: 10_000 });
  }

  /** Sends raw JSON, bypassing client-side validation: to prove the service validates too. */
  async raw(subject: string, body: unknown): Promise<unknown> {
    const msg = await this.nc.request(`${this.namespace}.${subject}`, new TextEncoder().encode(JSON.stringify(body)), { timeout: 10_000 });
    return JSON.parse(new TextDecoder().decode(msg.data));
  }

  get connection(): NatsConnection {
    return this.nc;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

/** Tears down what `serviceTestEnv` created. */
export async function disposeServiceTestEnv(env: ServiceTestEnv): Promise<void> {
  await deleteNamespace(env.natsUrl, env.namespace).catch(() => undefined);
  await env.database.drop().catch(() => undefined);
}

/** A service under test: its environment, the in-process app and a client on its namespace. */
export interface ServiceUnderTest {
  env: ServiceTestEnv;
  app: INestApplication;
  rpc: RpcTestClient;
}

/**
 * Starts a service in-process on a fresh database and NATS namespace, with a NATS client on that
 * namespace. `build` turns the environment variables into the app module.
 */
export async function startServiceUnderTest(
  build: (vars: Record<string, string>) => unknown,
  extra: Record<string, string> = {},
): Promise<ServiceUnderTest> {
  const env = await serviceTestEnv(extra);
  const app = await startInProcess(build(env.env));
  const rpc = await RpcTestClient.connect(env.namespace);
  return { env, app, rpc };
}

/** Stops what `startServiceUnderTest` started; safe after a failed start (missing parts are skipped). */
export async function stopServiceUnderTest({ env, app, rpc }: Partial<ServiceUnderTest>): Promise<void> {
  await rpc?.close();
  await app?.close();
  if (env) await disposeServiceTestEnv(env);
}
