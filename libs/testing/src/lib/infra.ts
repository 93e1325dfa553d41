import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { Client } from 'pg';
import { connect, NatsConnection } from 'nats';

/**
 * Real PostgreSQL and NATS for tests: from DATABASE_URL / NATS_URL (default: the local servers);
 * testcontainers only where a Docker engine answers. Under CI a missing server fails the run.
 */
export interface TestInfra {
  /** URL of the server's maintenance database; test databases are created beside it. */
  adminDatabaseUrl: string;
  natsUrl: string;
}

let cached: Promise<TestInfra> | undefined;

export function testInfra(): Promise<TestInfra> {
  cached ??= resolveInfra();
  return cached;
}

async function resolveInfra(): Promise<TestInfra> {
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
  const adminDatabaseUrl = withDatabase(databaseUrl, 'postgres');
  const [pgUp, natsUp] = await Promise.all([reachable(databaseUrl, 5432), reachable(natsUrl, 4222)]);
  if (pgUp && natsUp) return { adminDatabaseUrl, natsUrl };
  if (dockerAvailable()) return startContainers();
  const missing = [!pgUp && `PostgreSQL (${databaseUrl})`, !natsUp && `NATS (${natsUrl})`].filter(Boolean).join(' and ');
  throw new Error(
    `${missing} not reachable and no Docker engine for testcontainers. Start them (see README "Running the tests") ` +
      `or set DATABASE_URL / NATS_URL.`,
  );
}

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = netConnect({ host: u.hostname, port: Number(u.port || defaultPort) });
    socket.setTimeout(1_500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function dockerAvailable(): boolean {
  return existsSync('/var/run/docker.sock') || Boolean(process.env['DOCKER_HOST']);
}

async function startContainers(): Promise<TestInfra> {
  // Loaded only where Docker answers: the module is an optional dev dependency.
  const moduleName = 'testcontainers';
  const tc = (await import(moduleName)) as typeof import('testcontainers');
  const pg = await new tc.GenericContainer('postgres:16-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(tc.Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const nats = await new tc.GenericContainer('nats:2.10-alpine').withCommand(['-js']).withExposedPorts(4222).start();
  return {
    adminDatabaseUrl: `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`,
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, with the extensions the services use. */
export async function createTestDatabase(prefix = 'diplomatie_t'): Promise<TestDatabase> {
  const infra = await testInfra();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(infra.adminDatabaseUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(infra.adminDatabaseUrl, name);
  await adminQuery(url, 'CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;');
  return {
    url,
    name,
    drop: () => adminQuery(infra.adminDatabaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A NATS namespace of its own: subjects prefixed, streams suffixed, so test files never meet. */
export function testNamespace(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/** Deletes the streams of a namespace (and with them their consumers). */
export async function deleteNamespace(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const suffix = `_${namespace.toUpperCase()}`;
    for await (const s of jsm.streams.list()) {
      if (s.config.name.endsWith(suffix)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
}

export async function natsConnection(): Promise<NatsConnection> {
  const infra = await testInfra();
  return connect({ servers: infra.natsUrl, name: 'diplomatie-test' });
}
