'use strict';
/**
 * Starts the six built services for a bench or fault run on a fresh database and NATS
 * namespace, exactly as `npm start` does (tools/start.js), and removes both afterwards.
 */
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const { startPlatform, SERVICES } = require(path.join(REPO_ROOT, 'tools', 'start.js'));
const { waitForReady } = require(path.join(REPO_ROOT, 'tools', 'start.js'));
const { findFreePort, stopPid, ensureInfra } = require(path.join(REPO_ROOT, 'tools', 'infra.js'));
const { seedDemo } = require(path.join(REPO_ROOT, 'tools', 'seed-demo.js'));

const BASE_DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';

/**
 * @returns {Promise<{urls, ports, databaseUrl, natsUrl, namespace, logDir, readySeconds, env,
 *   pids(): Record<string, number>, stop(): Promise<void>}>}
 */
async function startBenchPlatform({ seed = true, logLevel = 'warn', extraEnv = {}, natsUrl = NATS_URL } = {}) {
  const suffix = randomBytes(4).toString('hex');
  const db = new URL(BASE_DATABASE_URL);
  db.pathname = `/diplomatie_bench_${suffix}`;
  const namespace = `bench${suffix}`;
  const logDir = path.join(REPO_ROOT, 'tmp', 'bench-logs', suffix);
  const ports = {};
  for (const s of SERVICES) ports[s.name] = await findFreePort();
  const env = { DATABASE_URL: db.toString(), NATS_URL: natsUrl, NATS_NAMESPACE: namespace, LOG_LEVEL: logLevel, ...extraEnv };
  let platform;
  try {
    platform = await startPlatform({
      env,
      ports,
      logDir,
      seed,
      startIfMissing: false,
      minConsoleLevel: 50,
      log: (line) => process.env.BENCH_VERBOSE && process.stdout.write(`${line}\n`),
    });
  } catch (err) {
    await dropAll({ databaseUrl: db.toString(), natsUrl, namespace }).catch(() => undefined);
    throw err;
  }
  return {
    ...platform,
    namespace,
    logDir,
    env,
    pids: () => servicePids(ports),
    async stop() {
      try {
        await platform.stop();
      } finally {
        await dropAll({ databaseUrl: platform.databaseUrl, natsUrl: platform.natsUrl, namespace });
      }
    },
  };
}

/**
 * The same six services, spawned here rather than by tools/start.js, because start.js stops the
 * whole platform when one service dies after start-up — exactly what a fault test does on purpose.
 * Same env, same readiness wait (start.js's waitForReady), same demo data (seed-demo.js's seedDemo).
 * Adds kill(name) (SIGKILL) and restart(name) (same env and port, waits for readiness).
 */
async function startRestartablePlatform({
  logLevel = 'warn', extraEnv = {}, natsUrl = NATS_URL, seed = true, nodeArgs = {}, baseDatabaseUrl = BASE_DATABASE_URL,
} = {}) {
  const suffix = randomBytes(4).toString('hex');
  const db = new URL(baseDatabaseUrl);
  db.pathname = `/diplomatie_faults_${suffix}`;
  const namespace = `faults${suffix}`;
  const logDir = path.join(REPO_ROOT, 'tmp', 'faults-logs', suffix);
  fs.mkdirSync(logDir, { recursive: true });
  const ports = {};
  for (const s of SERVICES) ports[s.name] = await findFreePort();
  const env = { LOG_LEVEL: logLevel, NATS_NAMESPACE: namespace, ...extraEnv };
  const children = new Map();
  const restarts = {};
  const platform = {
    urls: Object.fromEntries(SERVICES.map((s) => [s.name, `http://127.0.0.1:${ports[s.name]}`])),
    ports,
    databaseUrl: db.toString(),
    natsUrl,
    namespace,
    logDir,
    env,
    pids: () => Object.fromEntries([...children].map(([n, c]) => [n, c.pid])),
    /** SIGKILL, waits until the process is gone. */
    async kill(name) {
      const child = children.get(name);
      if (!child) return;
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await waitUntil(() => child.exitCode !== null || child.signalCode !== null || !alive(child.pid), 5000);
    },
    /** Starts the service again (after kill) and waits until /health/ready says 200. */
    async restart(name, timeoutMs = 60000) {
      restarts[name] = (restarts[name] ?? 0) + 1;
      children.set(name, spawnOne(name, `${name}-${restarts[name]}`));
      if (!(await waitReady(platform.urls[name], timeoutMs))) throw new Error(`${name} not ready ${timeoutMs} ms after its restart (logs: ${logDir})`);
    },
    async stop() {
      try {
        await Promise.all([...children.values()].map((c) => stopPid(c.pid, { child: c, graceMs: 10000 }).catch(() => undefined)));
      } finally {
        await dropAll({ databaseUrl: db.toString(), natsUrl, namespace });
      }
    },
  };
  const spawnOne = (name, logName) => {
    const out = fs.openSync(path.join(logDir, `${logName}.log`), 'w');
    // nodeArgs: per-service Node flags, e.g. { gateway: ['--cpu-prof', '--cpu-prof-dir=/tmp/p'] } to profile one.
    const child = spawn(process.execPath, [...(nodeArgs[name] ?? []), path.join('dist', 'apps', name, 'main.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        AUTH_DEV_IDP: 'true',
        ...env,
        PORT: String(ports[name]),
        DATABASE_URL: db.toString(),
        NATS_URL: natsUrl,
      },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    return child;
  };
  const killAllSync = () => {
    for (const c of children.values()) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.once('exit', killAllSync);
  try {
    await ensureInfra({ startIfMissing: false, databaseUrl: db.toString(), natsUrl });
    for (const s of SERVICES) children.set(s.name, spawnOne(s.name, s.name));
    await waitForReady(ports, { timeoutMs: 90000 });
    if (seed) await seedDemo({ gatewayUrl: platform.urls.gateway, natsUrl, natsNamespace: namespace, log: () => undefined });
  } catch (err) {
    await platform.stop().catch(() => undefined);
    throw err;
  }
  return platform;
}

/**
 * PIDs of the running services, found by their listening port (our children listen on ports
 * chosen for this run, so nothing else on the machine can match).
 */
function servicePids(ports) {
  const out = {};
  for (const [name, port] of Object.entries(ports)) {
    const pid = pidListeningOn(port);
    if (pid) out[name] = pid;
  }
  return out;
}

function pidListeningOn(port) {
  // /proc/net/tcp gives the socket inode of the listener; the pid is the process holding that inode.
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[1].endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return null;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1])) return Number(pid);
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return null;
}

/** VmRSS of a process in MiB (null when it is gone). */
function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Drops the run's database and the namespace's JetStream streams: the shared servers stay clean. */
async function dropAll({ databaseUrl, natsUrl, namespace }) {
  const admin = new URL(databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const { connect } = require('nats');
  const nc = await connect({ servers: natsUrl, timeout: 5000, maxReconnectAttempts: 2 });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) {
      if (s.config.name.endsWith(`_${namespace.toUpperCase()}`)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(check, timeoutMs, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Waits until GET <url>/health/ready answers 200 (bounded). */
async function waitReady(url, timeoutMs = 60000) {
  return waitUntil(async () => {
    try {
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }, timeoutMs, 200);
}

/** Development-IdP token of a demo login. */
async function tokenFor(gatewayUrl, login) {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login }),
  });
  const body = await res.json();
  if (!body.accessToken) throw new Error(`dev token for ${login}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** git commit of the tree measured (with "+dirty" when it has local changes). */
function gitRevision() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() ? '+dirty' : '';
    return rev + dirty;
  } catch {
    return 'unknown';
  }
}

module.exports = {
  REPO_ROOT,
  SERVICES,
  startBenchPlatform,
  startRestartablePlatform,
  servicePids,
  pidListeningOn,
  rssMiB,
  dropAll,
  stopPid,
  alive,
  sleep,
  waitUntil,
  waitReady,
  tokenFor,
  gitRevision,
  findFreePort,
};
