import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** The repository root (faults/src → ../..). */
export const repoRoot = resolve(__dirname, '../..');

/** What bench/lib/platform.js startRestartablePlatform() returns. */
export interface FaultPlatform {
  urls: Record<string, string>;
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  logDir: string;
  pids(): Record<string, number>;
  kill(name: string): Promise<void>;
  restart(name: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface NatsConnection {
  close(): Promise<void>;
}

// The load harness is plain JavaScript shared with bench/ (no build step).
const platformLib = require(join(repoRoot, 'bench/lib/platform.js')) as {
  startRestartablePlatform(opts?: { logLevel?: string; natsUrl?: string; baseDatabaseUrl?: string }): Promise<FaultPlatform>;
  tokenFor(gatewayUrl: string, login: string): Promise<string>;
  sleep(ms: number): Promise<void>;
};
const natsLib = require(join(repoRoot, 'bench/lib/nats-rpc.js')) as { natsConnect(url: string): Promise<NatsConnection> };
const loadLib = require(join(repoRoot, 'bench/lib/load.js')) as {
  importBenchUnits(nc: NatsConnection, namespace: string, count: number): Promise<string[]>;
  createDrafts(gatewayUrl: string, token: string, count: number, forAction: string[], opts?: { concurrency?: number; tag?: string }): Promise<string[]>;
  publishPaced(
    gatewayUrl: string, token: string, ids: string[], rate: number,
    opts: { maxInFlight?: number; onAnswer(id: string, status: number, sentAt: number, answeredAt: number): void },
  ): Promise<{ seconds: number; late: number }>;
};

export const { startRestartablePlatform, tokenFor, sleep } = platformLib;

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Sizes, overridable from the environment (FAULTS_COUNT=10000 for the issue's full run). */
export const faultConfig = {
  count: envNumber('FAULTS_COUNT', 200),
  rate: envNumber('FAULTS_RATE', 5),
  fanout: envNumber('FAULTS_FANOUT', 5),
  killEveryMs: envNumber('FAULTS_KILL_EVERY_MS', 5000),
  maxKills: envNumber('FAULTS_MAX_KILLS', 6),
  drainMs: envNumber('FAULTS_DRAIN_SECONDS', 30) * 1000,
};

export interface FaultRun {
  ids: string[];
  /** HTTP status of each publish request (0: no answer). */
  answers: Map<string, number>;
  kills: number;
  publishSeconds: number;
  /** When the flow ended and the last restarted service was ready again. */
  quietSince: number;
}

/**
 * Creates the drafts (before any fault), then publishes them at a paced rate while `fault` kills
 * and restarts a service every few seconds; returns what each request was answered.
 */
export async function publishUnderFaults(
  platform: FaultPlatform,
  fault: (platform: FaultPlatform) => Promise<void>,
): Promise<FaultRun> {
  const nc = await natsLib.natsConnect(platform.natsUrl);
  let units: string[];
  try {
    units = await loadLib.importBenchUnits(nc, platform.namespace, faultConfig.fanout);
  } finally {
    await nc.close();
  }
  const token = await tokenFor(platform.urls['gateway'], 'julien.bernard');
  const ids = await loadLib.createDrafts(platform.urls['gateway'], token, faultConfig.count, units, { tag: 'faults' });
  const answers = new Map<string, number>();
  let done = false;
  let kills = 0;
  const flow = loadLib
    .publishPaced(platform.urls['gateway'], token, ids, faultConfig.rate, {
      maxInFlight: 200,
      onAnswer: (id, status) => answers.set(id, status),
    })
    .finally(() => (done = true));
  // Bounded: at most maxKills faults, and none once the flow has ended.
  const faults = (async () => {
    while (!done && kills < faultConfig.maxKills) {
      await sleep(faultConfig.killEveryMs);
      if (done) break;
      kills += 1;
      await fault(platform);
    }
  })();
  const [paced] = await Promise.all([flow, faults]);
  return { ids, answers, kills, publishSeconds: paced.seconds, quietSince: Date.now() };
}

export interface Violation {
  publicationId: string;
  problem: string;
}

/**
 * The checker, from each service's own tables: every published publication has exactly one
 * journal item and exactly one action assignment per unit pour action (and no other), and one
 * search document in the published state; nothing downstream exists for a publication that is not
 * published; every publish answered 2xx is published.
 */
export async function checkProjections(
  databaseUrl: string, run: FaultRun,
): Promise<{ violations: Violation[]; published: number; errorAnswerButPublished: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = run.ids;
    const pubs = (await db.query<{ id: string; status: string; for_action: string[] }>(
      'SELECT id, status, for_action FROM publications.publication WHERE id = ANY($1::uuid[])', [ids],
    )).rows;
    const assignments = (await db.query<{ publication_id: string; unit_id: string; role: string; n: number }>(
      `SELECT publication_id, unit_id, role, count(*)::int AS n FROM routing.assignment
        WHERE publication_id = ANY($1::uuid[]) GROUP BY publication_id, unit_id, role`, [ids],
    )).rows;
    const journal = (await db.query<{ publication_id: string; n: number }>(
      'SELECT publication_id, count(*)::int AS n FROM routing.journal_item WHERE publication_id = ANY($1::uuid[]) GROUP BY publication_id', [ids],
    )).rows;
    const documents = (await db.query<{ id: string; status: string }>(
      'SELECT id, status FROM search.document WHERE id = ANY($1::uuid[])', [ids],
    )).rows;
    const byPub = <T extends { publication_id: string }>(rows: T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) m.set(r.publication_id, [...(m.get(r.publication_id) ?? []), r]);
      return m;
    };
    const assignmentsOf = byPub(assignments);
    const journalOf = new Map(journal.map((r) => [r.publication_id, r.n]));
    const documentOf = new Map(documents.map((r) => [r.id, r.status]));
    const violations: Violation[] = [];
    let published = 0;
    // A publish answered 5xx because the gateway's RPC timed out may still have committed: counted
    // (and reported), not a violation — the caller was told "unavailable", not "refused".
    let errorAnswerButPublished = 0;
    for (const p of pubs) {
      const mine = assignmentsOf.get(p.id) ?? [];
      if (p.status === 'published') {
        published += 1;
        if (journalOf.get(p.id) !== 1) violations.push({ publicationId: p.id, problem: `journal items: ${journalOf.get(p.id) ?? 0}` });
        const action = mine.filter((a) => a.role === 'action');
        for (const unit of p.for_action) {
          const n = action.find((a) => a.unit_id === unit)?.n ?? 0;
          if (n !== 1) violations.push({ publicationId: p.id, problem: `action assignments for ${unit}: ${n}` });
        }
        const extra = action.filter((a) => !p.for_action.includes(a.unit_id));
        if (extra.length) violations.push({ publicationId: p.id, problem: `unexpected action units: ${extra.map((a) => a.unit_id).join(',')}` });
        if (documentOf.get(p.id) !== 'published') violations.push({ publicationId: p.id, problem: `search document: ${documentOf.get(p.id) ?? 'missing'}` });
      } else {
        if (mine.length) violations.push({ publicationId: p.id, problem: `${p.status} but ${mine.length} assignment rows` });
        if (documentOf.get(p.id) === 'published') violations.push({ publicationId: p.id, problem: `${p.status} but indexed as published` });
      }
      const answer = run.answers.get(p.id) ?? 0;
      if ((answer < 200 || answer >= 300) && p.status === 'published') errorAnswerButPublished += 1;
      if (answer >= 200 && answer < 300 && p.status !== 'published') {
        violations.push({ publicationId: p.id, problem: `publish answered ${answer} but status is ${p.status}` });
      }
    }
    if (pubs.length !== ids.length) violations.push({ publicationId: '-', problem: `${ids.length - pubs.length} drafts missing` });
    return { violations, published, errorAnswerButPublished };
  } finally {
    await db.end();
  }
}

/**
 * Polls the checker until it finds nothing wrong, or `drainMs` after the run went quiet. When it
 * is still inconsistent then, keeps looking (bounded, `lateMs` more) only to tell "late" from
 * "lost" in the report: the verdict returned is the one at the deadline.
 */
export async function waitForConsistency(databaseUrl: string, run: FaultRun, drainMs = faultConfig.drainMs, lateMs = 90_000) {
  const deadline = run.quietSince + drainMs;
  for (;;) {
    const verdict = await checkProjections(databaseUrl, run);
    const drainedAfterMs = Date.now() - run.quietSince;
    if (!verdict.violations.length) return { ...verdict, drainedAfterMs, eventuallyAfterMs: drainedAfterMs };
    if (Date.now() >= deadline) {
      let eventuallyAfterMs: number | null = null;
      while (Date.now() < deadline + lateMs) {
        await sleep(1000);
        if (!(await checkProjections(databaseUrl, run)).violations.length) {
          eventuallyAfterMs = Date.now() - run.quietSince;
          break;
        }
      }
      return { ...verdict, drainedAfterMs, eventuallyAfterMs };
    }
    await sleep(500);
  }
}

/** One line per run for the log and docs/faults.md. */
export function summarise(
  service: string, run: FaultRun,
  verdict: { published: number; errorAnswerButPublished: number; violations: Violation[]; drainedAfterMs: number; eventuallyAfterMs: number | null },
) {
  const statuses: Record<string, number> = {};
  for (const s of run.answers.values()) statuses[s] = (statuses[s] ?? 0) + 1;
  // Kept beside the bench results (git-ignored) for docs/faults.md.
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  writeFileSync(join(dir, `faults-${service}-${at.replace(/[:.]/g, '-')}.json`), JSON.stringify({
    service, at, machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, config: faultConfig,
    kills: run.kills, publishSeconds: run.publishSeconds, answers: statuses, published: verdict.published,
    errorAnswerButPublished: verdict.errorAnswerButPublished,
    violations: verdict.violations.length, sample: verdict.violations.slice(0, 20), drainedAfterMs: verdict.drainedAfterMs,
    eventuallyAfterMs: verdict.eventuallyAfterMs,
  }, null, 2));
  process.stdout.write(
    `\n[faults] ${service}: ${run.ids.length} publish requests at ${faultConfig.rate}/s over ${run.publishSeconds.toFixed(1)} s, ` +
      `${run.kills} kill -9 + restart, answers ${JSON.stringify(statuses)}, ${verdict.published} published ` +
      `(${verdict.errorAnswerButPublished} of them answered 5xx/timeout), ` +
      (verdict.violations.length
        ? `${verdict.violations.length} violations ${verdict.drainedAfterMs} ms after the flow ended ` +
          `(${verdict.eventuallyAfterMs === null ? 'still there after the extra wait: LOST or DUPLICATED' : `late: consistent after ${verdict.eventuallyAfterMs} ms`}), ` +
          `e.g. ${JSON.stringify(verdict.violations.slice(0, 3))}`
        : `consistent ${verdict.drainedAfterMs} ms after the flow ended`) + '\n',
  );
}

/** A nats-server of our own (JetStream on a temporary store dir), so that killing it harms no one else. */
export interface OwnNats {
  url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnNats(): Promise<OwnNats> {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { createConnection } = await import('node:net');
  const infra = require(join(repoRoot, 'tools/infra.js')) as {
    findFreePort(): Promise<number>;
    stopPid(pid: number, opts?: { signal?: string; graceMs?: number }): Promise<void>;
  };
  const port = await infra.findFreePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'diplomatie-faults-nats-'));
  let pid = 0;
  const listening = () =>
    new Promise<boolean>((resolveConn) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolveConn(true);
      });
      socket.on('error', () => resolveConn(false));
    });
  const own: OwnNats = {
    url: `nats://127.0.0.1:${port}`,
    async start() {
      const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
      pid = child.pid ?? 0;
      for (let i = 0; i < 100 && !(await listening()); i += 1) await sleep(100);
    },
    async kill() {
      if (pid) process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && (await listening()); i += 1) await sleep(100);
    },
    async stop() {
      if (pid) await infra.stopPid(pid, { graceMs: 5000 });
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}

/** Waits (bounded) until every service's readiness probe answers 200 again. */
export async function waitAllReady(platform: FaultPlatform, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const url of Object.values(platform.urls)) {
    for (;;) {
      const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${url} not ready ${timeoutMs} ms after the fault`);
      await sleep(250);
    }
  }
}

/**
 * A PostgreSQL cluster of our own (initdb in a temporary dir, a free port, run as the `postgres`
 * account when we are root), so that an immediate shutdown harms no one else on the machine.
 */
export interface OwnPostgres {
  url: string;
  /** Immediate shutdown (SIGQUIT to the postmaster: no checkpoint, crash recovery at the next start). */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const { spawn, spawnSync } = await import('node:child_process');
  const { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const infra = require(join(repoRoot, 'tools/infra.js')) as {
    findFreePort(): Promise<number>;
    stopPid(pid: number, opts?: { signal?: string; graceMs?: number }): Promise<void>;
    pidAlive(pid: number): boolean;
  };
  const binDir = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((d) => existsSync(`${d}/initdb`));
  if (!binDir) throw new Error('initdb is not installed');
  const account: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    if (!line) throw new Error('no postgres account to run PostgreSQL as');
    const [, , uid, gid] = line.split(':');
    account.uid = Number(uid);
    account.gid = Number(gid);
  }
  const dir = mkdtempSync(join(tmpdir(), 'diplomatie-faults-pg-'));
  if (account.uid !== undefined) chownSync(dir, account.uid, account.gid as number);
  const init = spawnSync(`${binDir}/initdb`, ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], { encoding: 'utf8', ...account });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await infra.findFreePort();
  let pid = 0;
  const ping = async () => {
    const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const own: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      const child = spawn(`${binDir}/postgres`, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
        '-c', 'max_connections=200'], { stdio: 'ignore', ...account });
      pid = child.pid ?? 0;
      for (let i = 0; i < 150 && !(await ping()); i += 1) await sleep(200);
    },
    async crash() {
      if (pid) process.kill(pid, 'SIGQUIT');
      for (let i = 0; i < 100 && infra.pidAlive(pid); i += 1) await sleep(100);
    },
    async stop() {
      if (pid) await infra.stopPid(pid, { signal: 'SIGINT', graceMs: 10000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
