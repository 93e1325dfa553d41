#!/usr/bin/env node
'use strict';
/**
 * Makes sure PostgreSQL and NATS (JetStream) are reachable for Diplomatie.
 *
 * Module:  const { ensureInfra } = require('./infra');
 *          const { databaseUrl, natsUrl, started } = await ensureInfra({ startIfMissing, dataDir, log });
 * CLI:     node tools/infra.js   (starts what is missing, leaves it running, prints the URLs)
 *
 * Plain CommonJS on purpose: it must run before anything is built.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { Client } = require('pg');

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/diplomatie';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const EXTENSIONS = ['unaccent', 'pg_trgm'];
const PG_INSTALL_HINT =
  'Install it with: apt-get update && apt-get install -y postgresql postgresql-contrib';
const NATS_INSTALL_HINT = 'Install it with: apt-get update && apt-get install -y nats-server';

// ---------------------------------------------------------------- small helpers

/** For errors we deliberately ignore (they are reported another way). */
const noop = () => undefined;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` (sync or async, truthy = done) until it succeeds or `timeoutMs` elapses. */
async function waitUntil(check, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** True if a process with this pid exists and is not a zombie. */
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM'; // exists but belongs to someone else
  }
  // A reparented process may linger as a zombie when PID 1 does not reap (containers).
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/**
 * Stops a process by pid: `signal` (SIGTERM by default), then SIGKILL after `graceMs`.
 * Pass the ChildProcess as `child` when we own it: its exit event is more reliable than polling.
 */
async function stopPid(pid, { signal = 'SIGTERM', graceMs = 5000, child } = {}) {
  if (!pid) return;
  const alive = () =>
    child ? child.exitCode === null && child.signalCode === null && pidAlive(pid) : pidAlive(pid);
  if (!alive()) return;
  try {
    process.kill(pid, signal);
  } catch (err) {
    if (err.code === 'ESRCH') return;
    throw err;
  }
  if (await waitUntil(() => !alive(), graceMs, 50)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitUntil(() => !alive(), 2000, 50);
}

/** Resolves true if nothing listens on host:port (we could bind it ourselves). */
function isPortFree(port, host) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Asks the kernel for a free TCP port on host. */
function findFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port: 0, host }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Looks for an executable in the given directories, then in PATH. */
function findBinary(name, dirs = []) {
  const candidates = [...dirs, ...(process.env.PATH || '').split(path.delimiter).filter(Boolean)];
  for (const dir of candidates) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** Installed PostgreSQL bin dirs (Debian layout), newest version first. */
function postgresBinDirs() {
  const base = '/usr/lib/postgresql';
  let versions = [];
  try {
    versions = fs.readdirSync(base);
  } catch {
    return [];
  }
  return versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, 'bin'))
    .filter((dir) => fs.existsSync(dir));
}

const isLocalHost = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host);

/** Last `n` lines of a text file ('' if unreadable), for error messages. */
function tailFile(file, n = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- PostgreSQL

/** Same URL pointing at another database (the server's `postgres` db for admin work). */
function withDatabase(url, dbName) {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(dbName);
  return u.toString();
}

function withPort(url, port) {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

async function withPgClient(url, fn, timeoutMs = 3000) {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: 10000,
  });
  // Without a listener an error emitted after connect (server shutdown) would crash the process.
  client.on('error', noop);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(noop);
  }
}

/** null when the server answers `SELECT 1`, otherwise the connection error. */
async function pgPing(url, timeoutMs = 3000) {
  try {
    await withPgClient(withDatabase(url, 'postgres'), (c) => c.query('SELECT 1'), timeoutMs);
    return null;
  } catch (err) {
    return err;
  }
}

/** Errors that mean "nobody is listening" (as opposed to auth or config problems). */
function isConnectError(err) {
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOENT', '57P03'].includes(
      err && err.code,
    ) || /timeout|terminated|starting up/i.test(String(err && err.message))
  );
}

/** Creates the target database if missing, then the extensions the search relies on. */
async function ensureDatabase(databaseUrl, log) {
  const dbName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (dbName && dbName !== 'postgres') {
    await withPgClient(withDatabase(databaseUrl, 'postgres'), async (c) => {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
      if (rowCount) return;
      try {
        await c.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
        log(`infra: created database ${dbName}`);
      } catch (err) {
        if (err.code !== '42P04') throw err; // 42P04: created concurrently by someone else
      }
    });
  }
  await withPgClient(databaseUrl, async (c) => {
    for (const ext of EXTENSIONS) {
      try {
        await c.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
      } catch (err) {
        // Two processes creating the same extension at once: the loser gets a unique violation.
        if (err.code === '23505' || err.code === '42710') continue;
        if (err.code === '0A000' || err.code === '58P01') {
          throw new Error(
            `PostgreSQL extension "${ext}" is not available (${err.message}). ` +
              'Install it with: apt-get install -y postgresql-contrib',
          );
        }
        throw err;
      }
    }
  });
}

/** The Debian cluster (/etc/postgresql/<version>/main), newest version first, or null. */
function debianCluster() {
  let versions;
  try {
    versions = fs.readdirSync('/etc/postgresql');
  } catch {
    return null;
  }
  const version = versions
    .filter((v) => fs.existsSync(path.join('/etc/postgresql', v, 'main')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!version) return null;
  let dataDirectory = `/var/lib/postgresql/${version}/main`;
  try {
    const conf = fs.readFileSync(`/etc/postgresql/${version}/main/postgresql.conf`, 'utf8');
    const m = conf.match(/^\s*data_directory\s*=\s*'([^']+)'/m);
    if (m) dataDirectory = m[1];
  } catch {
    /* keep the default */
  }
  return { version, dataDirectory };
}

/** First line of postmaster.pid is the postmaster's pid; the 4th its port. */
function readPostmasterPid(pgData) {
  try {
    const lines = fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]) || null, port: Number(lines[3]) || null };
  } catch {
    return { pid: null, port: null };
  }
}

/** A `started` entry for a postmaster. SIGINT = PostgreSQL's "fast" shutdown; SIGTERM
 * ("smart") would wait for every client to disconnect. */
function postgresHandle(pid, child) {
  return {
    name: 'postgres',
    pid,
    stop: () => stopPid(pid, { signal: 'SIGINT', graceMs: 5000, child }),
  };
}

/** uid/gid of the `postgres` account: PostgreSQL refuses to run as root. */
function postgresAccount() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) {
    throw new Error(
      'PostgreSQL cannot run as root and there is no "postgres" user. ' + PG_INSTALL_HINT,
    );
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Starts PostgreSQL. Returns { databaseUrl, handle } (handle null when nothing new runs
 * under our control) or throws with an install hint.
 */
async function startPostgres(databaseUrl, dataDir, log) {
  const cluster = debianCluster();
  if (cluster) {
    log(`infra: starting Debian PostgreSQL cluster ${cluster.version}/main`);
    const res = spawnSync(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', cluster.version, 'main', 'start'],
      { encoding: 'utf8' },
    );
    if (res.error || res.status !== 0) {
      const out = `${res.stdout || ''}${res.stderr || ''}`.trim() || String(res.error);
      // Exit 2 = "already running": fine, we just wait for it below.
      if (res.status !== 2) throw new Error(`pg_ctlcluster failed to start PostgreSQL: ${out}`);
    }
    await waitForPostgres(databaseUrl, 30000);
    const { pid } = readPostmasterPid(cluster.dataDirectory);
    return { databaseUrl, handle: pid ? postgresHandle(pid) : null };
  }

  const binDirs = postgresBinDirs();
  const initdb = findBinary('initdb', binDirs);
  const postgres = initdb && findBinary('postgres', [path.dirname(initdb)]);
  if (!initdb || !postgres) {
    throw new Error(`PostgreSQL is not reachable at ${redact(databaseUrl)} and is not installed. ${PG_INSTALL_HINT}`);
  }

  const pgData = path.join(dataDir, 'postgres');
  const logFile = path.join(dataDir, 'logs', 'postgres.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });

  // A cluster left running by an earlier `node tools/infra.js`, maybe on another port.
  const previous = readPostmasterPid(pgData);
  if (previous.pid && pidAlive(previous.pid) && previous.port) {
    const url = withPort(databaseUrl, previous.port);
    if (!(await pgPing(url))) return { databaseUrl: url, handle: null };
  }

  const account = postgresAccount();
  if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`infra: initialising a PostgreSQL cluster in ${pgData}`);
    fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
    if (account.uid !== undefined) fs.chownSync(pgData, account.uid, account.gid);
    const res = spawnSync(
      initdb,
      ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'],
      { encoding: 'utf8', ...account },
    );
    if (res.error || res.status !== 0) {
      throw new Error(`initdb failed: ${(res.stderr || '').trim() || res.error}`);
    }
  }

  // Keep the requested port unless it is taken by something that is not our PostgreSQL.
  const u = new URL(databaseUrl);
  let port = Number(u.port || 5432);
  if (!(await isPortFree(port, '127.0.0.1'))) {
    port = await findFreePort();
    log(`infra: port ${u.port || 5432} is taken, PostgreSQL will listen on ${port}`);
  }
  databaseUrl = withPort(databaseUrl, port);

  log(`infra: starting PostgreSQL on 127.0.0.1:${port} (log: ${logFile})`);
  const out = fs.openSync(logFile, 'a');
  // Spawned directly (not via pg_ctl) so we know the postmaster's pid; TCP only, no socket dir.
  const child = spawn(
    postgres,
    ['-D', pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { detached: true, stdio: ['ignore', out, out], ...account },
  );
  fs.closeSync(out);
  child.on('error', noop); // reported through the readiness wait below
  child.unref();
  const ok = await waitUntil(
    async () => child.exitCode !== null || !(await pgPing(databaseUrl, 1000)),
    30000,
    200,
  );
  if (!ok || child.exitCode !== null) {
    await stopPid(child.pid, { signal: 'SIGINT', child }).catch(noop);
    throw new Error(`PostgreSQL did not start. Last lines of ${logFile}:\n${tailFile(logFile)}`);
  }
  return { databaseUrl, handle: postgresHandle(child.pid, child) };
}

async function waitForPostgres(databaseUrl, timeoutMs) {
  let lastErr = null;
  const ok = await waitUntil(async () => !(lastErr = await pgPing(databaseUrl, 1000)), timeoutMs, 200);
  if (!ok) {
    throw new Error(`PostgreSQL did not become reachable at ${redact(databaseUrl)}: ${lastErr && lastErr.message}`);
  }
}

/** Hides a password in URLs we print. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------- NATS

function natsHostPort(natsUrl) {
  // NATS_URL may list several servers; the first one is the one we manage.
  const first = natsUrl.split(',')[0].trim();
  const u = new URL(first.includes('://') ? first : `nats://${first}`);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 4222) };
}

/**
 * Opens a TCP connection and reads the server's first line. Resolves with the parsed
 * INFO object if it is a NATS server, rejects otherwise (refused, timeout, not NATS).
 */
function natsInfo(natsUrl, timeoutMs = 2000) {
  const { host, port } = natsHostPort(natsUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    let buf = '';
    const done = (err, info) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(info);
    };
    const timer = setTimeout(() => done(new Error(`no NATS INFO from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('error', (err) => done(err));
    socket.on('data', (chunk) => {
      buf += chunk;
      const eol = buf.indexOf('\r\n');
      if (eol < 0) return;
      const line = buf.slice(0, eol);
      if (!line.startsWith('INFO ')) return done(new Error(`${host}:${port} is not a NATS server`));
      try {
        done(null, JSON.parse(line.slice(5)));
      } catch (err) {
        done(err);
      }
    });
  });
}

/** Starts nats-server as a detached child with JetStream, storing under dataDir/nats. */
async function startNats(natsUrl, dataDir, log) {
  const bin = findBinary('nats-server', ['/usr/sbin', '/usr/local/bin', '/usr/bin']);
  if (!bin) {
    throw new Error(`NATS is not reachable at ${natsUrl} and nats-server is not installed. ${NATS_INSTALL_HINT}`);
  }
  let { port } = natsHostPort(natsUrl);
  if (!(await isPortFree(port, '127.0.0.1'))) {
    const taken = port;
    port = await findFreePort();
    log(`infra: port ${taken} is taken by something that is not NATS, NATS will listen on ${port}`);
  }
  const storeDir = path.join(dataDir, 'nats');
  const logFile = path.join(dataDir, 'logs', 'nats-server.log');
  fs.mkdirSync(storeDir, { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });

  log(`infra: starting ${bin} on 127.0.0.1:${port} (JetStream store: ${storeDir})`);
  const out = fs.openSync(logFile, 'a');
  // Detached + unref: the CLI may exit and leave it running; callers stop it by pid.
  const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.on('error', noop); // reported through the readiness wait below
  child.unref();

  const url = `nats://127.0.0.1:${port}`;
  const ok = await waitUntil(
    async () => child.exitCode !== null || (await natsInfo(url, 500).then(() => true, () => false)),
    10000,
    100,
  );
  if (!ok || child.exitCode !== null) {
    await stopPid(child.pid, { child }).catch(noop);
    throw new Error(`nats-server did not start. Last lines of ${logFile}:\n${tailFile(logFile)}`);
  }
  return {
    natsUrl: url,
    handle: { name: 'nats', pid: child.pid, stop: () => stopPid(child.pid, { graceMs: 5000, child }) },
  };
}

// ---------------------------------------------------------------- ensureInfra

/**
 * Makes sure PostgreSQL and NATS answer, creating the database and its extensions.
 *
 * @param {object}   [opts]
 * @param {boolean}  [opts.startIfMissing=false] start local servers when unreachable
 * @param {string}   [opts.dataDir='<repo>/.data'] where self-started servers keep their data and logs
 * @param {function} [opts.log] progress messages (default: silent)
 * @param {string}   [opts.databaseUrl] overrides env DATABASE_URL
 * @param {string}   [opts.natsUrl] overrides env NATS_URL
 * @returns {Promise<{databaseUrl: string, natsUrl: string,
 *           started: Array<{name: string, pid: number, stop: () => Promise<void>}>}>}
 *   `started` lists only the servers this call started; stop them with `stop()`.
 */
async function ensureInfra({
  startIfMissing = false,
  dataDir = path.join(REPO_ROOT, '.data'),
  log = noop,
  databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  natsUrl = process.env.NATS_URL || DEFAULT_NATS_URL,
} = {}) {
  dataDir = path.resolve(dataDir);
  const started = [];
  const stopStarted = () => Promise.all(started.map((s) => s.stop().catch(noop)));

  try {
    // --- PostgreSQL
    const pgErr = await pgPing(databaseUrl);
    if (pgErr) {
      const host = new URL(databaseUrl).hostname;
      if (!isConnectError(pgErr)) {
        throw new Error(`PostgreSQL at ${redact(databaseUrl)} refused us: ${pgErr.message}`);
      }
      if (!startIfMissing || !isLocalHost(host)) {
        throw new Error(
          `PostgreSQL is not reachable at ${redact(databaseUrl)} (${pgErr.code || pgErr.message}). ` +
            `Start it (node tools/infra.js) or set DATABASE_URL. If it is not installed: ${PG_INSTALL_HINT}`,
        );
      }
      const res = await startPostgres(databaseUrl, dataDir, log);
      databaseUrl = res.databaseUrl;
      if (res.handle) started.push(res.handle);
    }
    await ensureDatabase(databaseUrl, log);

    // --- NATS
    let info = await natsInfo(natsUrl).catch((err) => err);
    if (info instanceof Error) {
      const { host } = natsHostPort(natsUrl);
      if (!startIfMissing || !isLocalHost(host)) {
        throw new Error(
          `NATS is not reachable at ${natsUrl} (${info.code || info.message}). ` +
            `Start it (node tools/infra.js) or set NATS_URL. If it is not installed: ${NATS_INSTALL_HINT}`,
        );
      }
      const res = await startNats(natsUrl, dataDir, log);
      natsUrl = res.natsUrl;
      started.push(res.handle);
      info = await natsInfo(natsUrl);
    }
    if (!info.jetstream) {
      // The services need streams; a plain NATS would fail later with a vaguer error.
      throw new Error(`NATS at ${natsUrl} runs without JetStream; restart it with -js.`);
    }
  } catch (err) {
    await stopStarted(); // don't leave half of the infrastructure behind
    throw err;
  }

  return { databaseUrl, natsUrl, started };
}

module.exports = {
  ensureInfra,
  stopPid,
  pidAlive,
  isPortFree,
  findFreePort,
  waitUntil,
  natsInfo,
  pgPing,
  redact,
  DEFAULT_DATABASE_URL,
  DEFAULT_NATS_URL,
  REPO_ROOT,
};

// ---------------------------------------------------------------- CLI

if (require.main === module) {
  ensureInfra({
    startIfMissing: true,
    dataDir: path.join(REPO_ROOT, '.data'),
    log: (msg) => console.log(msg),
  }).then(
    ({ databaseUrl, natsUrl, started }) => {
      console.log(`DATABASE_URL=${redact(databaseUrl)}`);
      console.log(`NATS_URL=${natsUrl}`);
      for (const s of started) console.log(`started ${s.name} (pid ${s.pid}); it keeps running`);
    },
    (err) => {
      console.error(`infra: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
