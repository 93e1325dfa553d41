#!/usr/bin/env node
'use strict';
/**
 * Runs the whole Diplomatie platform from the built bundles (dist/apps/<name>/main.js).
 *
 * CLI:     node tools/start.js   (what `npm start` runs after the build)
 * Module:  const { startPlatform } = require('./start');
 *          const platform = await startPlatform({ env, ports, logDir, seed });
 *          ... platform.urls.gateway ...
 *          await platform.stop();
 *
 * End-to-end tests use startPlatform so they exercise exactly the spawning and readiness
 * logic that `npm start` uses. Plain CommonJS: no build step, Node built-ins + pg only.
 */
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { ensureInfra, stopPid, isPortFree, redact, REPO_ROOT } = require('./infra');

const noop = () => undefined;

/** The services, their default HTTP port and the env var that overrides it. */
const SERVICES = [
  { name: 'gateway', port: 3000, portEnv: 'PORT' },
  { name: 'publications', port: 3101, portEnv: 'PUBLICATIONS_PORT' },
  { name: 'routing', port: 3102, portEnv: 'ROUTING_PORT' },
  { name: 'communities', port: 3103, portEnv: 'COMMUNITIES_PORT' },
  { name: 'signature', port: 3104, portEnv: 'SIGNATURE_PORT' },
  { name: 'search', port: 3105, portEnv: 'SEARCH_PORT' },
];

const READY_PATH = '/health/ready';
const POLL_MS = 250;
const STOP_GRACE_MS = 10000;
const TAIL_LINES = 30;
const SEED_TIMEOUT_MS = 180000;
const SEED_SCRIPT = path.join(REPO_ROOT, 'tools', 'seed-demo.js');

// ---------------------------------------------------------------- pure helpers

/** Port per service: explicit `ports` option, then the env var, then the default. */
function resolvePorts(ports = {}, env = process.env) {
  const out = {};
  for (const s of SERVICES) {
    const raw = ports[s.name] ?? env[s.portEnv] ?? s.port;
    const port = Number(raw);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`Invalid port "${raw}" for ${s.name} (set with ${s.portEnv}).`);
    }
    out[s.name] = port;
  }
  return out;
}

/** Throws one clear message listing every port that is duplicated or already in use. */
async function checkPorts(portsByName) {
  const problems = [];
  const seen = new Map();
  for (const s of SERVICES) {
    const port = portsByName[s.name];
    if (seen.has(port)) {
      problems.push(`port ${port} is given to both ${seen.get(port)} and ${s.name}; change it with ${s.portEnv}=<port>`);
    } else {
      seen.set(port, s.name);
    }
  }
  // Each distinct port once (probing the same port twice at once would report it busy).
  // No host: bind like the services do (all interfaces), so any listener conflicts.
  const firstOwners = SERVICES.filter((s) => seen.get(portsByName[s.name]) === s.name);
  const checks = await Promise.all(
    firstOwners.map(async (s) => ({ s, free: await isPortFree(portsByName[s.name]) })),
  );
  for (const { s, free } of checks) {
    if (!free) {
      const port = portsByName[s.name];
      problems.push(
        `port ${port} (${s.name}) is already in use; stop whatever listens there or run with ${s.portEnv}=<another port>`,
      );
    }
  }
  if (problems.length) throw new Error(`Cannot start Diplomatie:\n  - ${problems.join('\n  - ')}`);
}

const LEVEL_NAMES = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_VALUES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * Turns one line of a child's output into a short console line, or null to keep it
 * out of the console. JSON (pino) lines below `minLevel` are dropped; other text is kept.
 */
function formatLogLine(name, line, minLevel = 40) {
  const prefix = `[${name}]`;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    rec = null;
  }
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
    return line.trim() ? `${prefix} ${line}` : null;
  }
  const level =
    typeof rec.level === 'number' ? rec.level : LEVEL_VALUES[String(rec.level).toLowerCase()] ?? 30;
  if (level < minLevel) return null;

  const parts = [prefix, LEVEL_NAMES[level] || `LEVEL${level}`];
  if (rec.context) parts.push(`${rec.context}:`);
  parts.push(String(rec.msg ?? rec.message ?? ''));
  if (rec.req && rec.req.method) {
    parts.push(`(${rec.req.method} ${rec.req.url}${rec.res && rec.res.statusCode ? ` -> ${rec.res.statusCode}` : ''})`);
  }
  let text = parts.join(' ');
  const err = rec.err || rec.error;
  if (err && typeof err === 'object') {
    // Warnings get the error message; errors get the stack, which is what one needs to act.
    if (level >= 50 && err.stack) text += '\n' + String(err.stack).replace(/^/gm, '    ');
    else if (err.message) text += ` - ${err.type || 'Error'}: ${err.message}`;
  } else if (typeof err === 'string') {
    text += ` - ${err}`;
  }
  return text;
}

/** Status code of GET http://127.0.0.1:<port><path>, or 0 when it does not answer. */
function httpStatus(port, urlPath = READY_PATH, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, timeout: timeoutMs, agent: false },
      (res) => {
        res.resume(); // drain so the socket is freed
        resolve(res.statusCode);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Polls every port's readiness endpoint every 250 ms until all answer 200.
 * Rejects on timeout (naming the laggards) or as soon as `abort` rejects.
 */
async function waitForReady(portsByName, { timeoutMs = 60000, abort = new Promise(noop) } = {}) {
  const pending = new Set(Object.keys(portsByName));
  const deadline = Date.now() + timeoutMs;
  let failed = null;
  abort.catch((err) => (failed = err));
  for (;;) {
    if (failed) throw failed;
    await Promise.all(
      [...pending].map(async (name) => {
        if ((await httpStatus(portsByName[name])) === 200) pending.delete(name);
      }),
    );
    if (failed) throw failed;
    if (!pending.size) return;
    if (Date.now() >= deadline) {
      const err = new Error(
        `Not ready after ${timeoutMs / 1000} s: ${[...pending]
          .map((n) => `${n} (GET http://127.0.0.1:${portsByName[n]}${READY_PATH})`)
          .join(', ')}`,
      );
      err.pending = [...pending];
      throw err;
    }
    await Promise.race([new Promise((r) => setTimeout(r, POLL_MS)), abort.catch(noop)]);
  }
}

/** Reads a child's stdout+stderr line by line into a log file, the console and a tail buffer. */
function captureOutput(child, name, { logFile, minLevel, print }) {
  const file = fs.createWriteStream(logFile, { flags: 'w' });
  file.on('error', noop); // a full disk must not kill the launcher
  const tail = [];
  const onLine = (line) => {
    file.write(line + '\n');
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    const shown = formatLogLine(name, line, minLevel);
    if (shown !== null) print(shown);
  };
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }
  let closed = null;
  return {
    tail,
    // Idempotent: both stop() and runSeed may close the same file.
    close: () => (closed ??= new Promise((resolve) => file.end(resolve))),
  };
}

function describeExit(code, signal) {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

// ---------------------------------------------------------------- startPlatform

/**
 * Starts PostgreSQL/NATS if needed, the six services, waits until they are ready and
 * loads the demo data.
 *
 * @param {object}  [opts]
 * @param {object}  [opts.env]    extra env for the children (e.g. DATABASE_URL of a test
 *                                database, NATS_NAMESPACE, LOG_LEVEL); DATABASE_URL/NATS_URL
 *                                here also tell ensureInfra which database to create.
 * @param {object}  [opts.ports]  { gateway: 3000, publications: 3101, ... } partial overrides
 * @param {string}  [opts.logDir='<repo>/.data/logs'] one <service>.log per service
 * @param {boolean} [opts.seed=true] run tools/seed-demo.js once ready
 * @param {boolean} [opts.startIfMissing=true] start PostgreSQL/NATS when unreachable
 * @param {string}  [opts.dataDir='<repo>/.data'] data of self-started PostgreSQL/NATS
 * @param {number}  [opts.readyTimeoutMs=60000]
 * @param {number}  [opts.minConsoleLevel=40] pino level from which lines reach the console
 * @param {function}[opts.log=console.log] launcher messages and console log lines
 * @param {AbortSignal} [opts.signal] aborts the start-up (everything started is stopped)
 * @param {function}[opts.onCrash] called as onCrash(name, code, signal) after a service died
 *                                after start-up and everything was stopped
 * @returns {Promise<{urls: object, ports: object, databaseUrl: string, natsUrl: string,
 *           readySeconds: number, stop: () => Promise<void>}>}
 */
async function startPlatform(opts = {}) {
  const {
    env = {},
    ports: portOverrides = {},
    logDir = path.join(REPO_ROOT, '.data', 'logs'),
    seed = true,
    startIfMissing = true,
    dataDir = path.join(REPO_ROOT, '.data'),
    readyTimeoutMs = 60000,
    minConsoleLevel = 40,
    log = (msg) => console.log(msg),
    signal,
    onCrash,
  } = opts;
  const t0 = Date.now();
  const fullEnv = { ...process.env, ...env };
  const children = new Map(); // name -> { child, output }
  let infra = null;
  let state = 'starting'; // -> 'running' -> 'stopping'
  let stopPromise = null;
  // Rejected when a child dies during start-up or we are aborted; races every wait below.
  let startupError = null;
  let rejectStartup;
  const startupFailed = new Promise((_, reject) => (rejectStartup = reject));
  startupFailed.catch(noop);
  const failStartup = (err) => {
    if (startupError) return;
    startupError = err;
    rejectStartup(err);
  };
  const checkpoint = () => {
    if (startupError) throw startupError;
  };

  // Last resort if our process exits without stop() (uncaught error, process.exit in a test).
  const killAllSync = () => {
    for (const { child } of children.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  };
  process.on('exit', killAllSync);

  function stop() {
    if (stopPromise) return stopPromise;
    state = 'stopping';
    stopPromise = (async () => {
      // Services first (they hold connections), then the infrastructure we started.
      await Promise.all(
        [...children.values()].map(({ child }) =>
          stopPid(child.pid, { signal: 'SIGTERM', graceMs: STOP_GRACE_MS, child }).catch(noop),
        ),
      );
      await Promise.all([...children.values()].map(({ output }) => output.close()));
      if (infra) {
        for (const s of [...infra.started].reverse()) await s.stop().catch(noop);
      }
      process.removeListener('exit', killAllSync);
    })();
    return stopPromise;
  }

  const onAbort = () => failStartup(new Error('Start-up aborted'));
  if (signal) {
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  try {
    const ports = resolvePorts(portOverrides, fullEnv);
    await checkPorts(ports);
    for (const s of SERVICES) {
      const main = path.join(REPO_ROOT, 'dist', 'apps', s.name, 'main.js');
      if (!fs.existsSync(main)) throw new Error(`${path.relative(REPO_ROOT, main)} is missing: run "npm run build" first.`);
    }
    checkpoint();

    infra = await ensureInfra({
      startIfMissing,
      dataDir,
      log,
      databaseUrl: fullEnv.DATABASE_URL || undefined,
      natsUrl: fullEnv.NATS_URL || undefined,
    });
    checkpoint();

    fs.mkdirSync(logDir, { recursive: true });
    for (const s of SERVICES) {
      const childEnv = {
        ...process.env,
        NODE_ENV: 'development',
        AUTH_DEV_IDP: 'true',
        LOG_LEVEL: process.env.LOG_LEVEL || 'info',
        ...env,
        PORT: String(ports[s.name]),
        DATABASE_URL: infra.databaseUrl,
        NATS_URL: infra.natsUrl,
      };
      const child = spawn(process.execPath, [path.join('dist', 'apps', s.name, 'main.js')], {
        cwd: REPO_ROOT,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group: a terminal Ctrl-C reaches only us, and we stop the services in order.
        detached: true,
      });
      const output = captureOutput(child, s.name, {
        logFile: path.join(logDir, `${s.name}.log`),
        minLevel: minConsoleLevel,
        print: log,
      });
      children.set(s.name, { child, output });
      child.on('error', (err) => output.tail.push(`spawn error: ${err.message}`));
      // 'close' (not 'exit'): fires once stdout/stderr are drained, so the tail is complete.
      child.on('close', (code, sig) => {
        if (state === 'stopping') return;
        const why = `${s.name} exited (${describeExit(code, sig)})`;
        const tail = `--- last ${TAIL_LINES} lines of ${path.join(logDir, `${s.name}.log`)} ---\n${output.tail.join('\n')}`;
        if (state === 'starting') {
          failStartup(new Error(`${why} during start-up.\n${tail}`));
          return;
        }
        log(`[${s.name}] crashed after start-up (${describeExit(code, sig)}); stopping everything.\n${tail}`);
        stop().then(() => onCrash && onCrash(s.name, code, sig));
      });
    }

    await waitForReady(ports, { timeoutMs: readyTimeoutMs, abort: startupFailed }).catch((err) => {
      if (!err.pending) throw err;
      // Timeout: show what the laggards said, that is where the reason is.
      const tails = err.pending
        .map((n) => `--- last ${TAIL_LINES} lines of ${n}.log ---\n${children.get(n).output.tail.join('\n')}`)
        .join('\n');
      throw new Error(`${err.message}\n${tails}`);
    });

    const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    if (seed) {
      await Promise.race([
        runSeed({
          env: { ...fullEnv, GATEWAY_URL: gatewayUrl, NATS_URL: infra.natsUrl, DATABASE_URL: infra.databaseUrl },
          logFile: path.join(logDir, 'seed.log'),
          log,
          // Registered so that stop() also ends the seed if start-up is interrupted.
          onSpawn: (child, output) => children.set('seed', { child, output }),
        }),
        startupFailed,
      ]);
    }

    state = 'running';
    if (signal) signal.removeEventListener('abort', onAbort);
    const urls = Object.fromEntries(SERVICES.map((s) => [s.name, `http://127.0.0.1:${ports[s.name]}`]));
    return {
      urls,
      ports,
      databaseUrl: infra.databaseUrl,
      natsUrl: infra.natsUrl,
      readySeconds: (Date.now() - t0) / 1000,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs tools/seed-demo.js; its output goes to the console (info and up) and seed.log. */
async function runSeed({ env, logFile, log, onSpawn = noop }) {
  if (!fs.existsSync(SEED_SCRIPT)) {
    log(`warning: ${path.relative(REPO_ROOT, SEED_SCRIPT)} not found, starting without demo data.`);
    return;
  }
  log('Loading demo data (tools/seed-demo.js)...');
  const child = spawn(process.execPath, [SEED_SCRIPT], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, 'seed', { logFile, minLevel: 30, print: log });
  onSpawn(child, output);
  const timer = setTimeout(() => stopPid(child.pid, { child, graceMs: 2000 }), SEED_TIMEOUT_MS);
  const [code, sig] = await new Promise((resolve) => {
    child.on('error', (err) => output.tail.push(`spawn error: ${err.message}`));
    child.on('close', (c, s) => resolve([c, s]));
  });
  clearTimeout(timer);
  await output.close();
  if (code !== 0) {
    throw new Error(
      `tools/seed-demo.js failed (${describeExit(code, sig)}). See ${logFile}:\n${output.tail.join('\n')}`,
    );
  }
}

module.exports = {
  startPlatform,
  SERVICES,
  resolvePorts,
  checkPorts,
  formatLogLine,
  httpStatus,
  waitForReady,
};

// ---------------------------------------------------------------- CLI

async function main() {
  const controller = new AbortController();
  let platform = null;
  let stopping = false;

  const shutdown = async (sig) => {
    if (stopping) {
      // Second Ctrl-C: the user does not want to wait for a graceful stop.
      console.log(`\n${sig} again: killing everything now.`);
      process.exit(1); // the 'exit' hook of startPlatform SIGKILLs the services
    }
    stopping = true;
    console.log(`\n${sig} received, stopping Diplomatie...`);
    if (platform) {
      await platform.stop();
      process.exit(0);
    }
    controller.abort(); // start-up in progress: startPlatform stops what it started, then rejects
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => shutdown(sig));

  try {
    platform = await startPlatform({
      startIfMissing: true,
      dataDir: path.join(REPO_ROOT, '.data'),
      signal: controller.signal,
      onCrash: () => process.exit(1),
    });
  } catch (err) {
    if (stopping) process.exit(0); // interrupted by the user; everything is already stopped
    console.error(`\n${err.message}`);
    process.exit(1);
  }
  if (stopping) return; // a signal arrived just as start-up finished; shutdown() handles it

  const base = `http://localhost:${platform.ports.gateway}`;
  console.log(
    [
      '',
      `Ready in ${platform.readySeconds.toFixed(1)} s.`,
      `Diplomatie is running at ${base}`,
      `OpenAPI docs: ${base}/api/docs`,
      `Dev token:    curl -s -X POST ${base}/api/v1/auth/dev/token -H 'content-type: application/json' -d '{"login":"claire.moreau"}'`,
      `Database:     ${redact(platform.databaseUrl)}   NATS: ${platform.natsUrl}`,
      `Logs:         ${path.relative(process.cwd(), path.join(REPO_ROOT, '.data', 'logs')) || '.'}/<service>.log`,
      'Ctrl-C to stop.',
    ].join('\n'),
  );
}

if (require.main === module) {
  // A closed console pipe (e.g. `npm start | head`) must not crash the launcher.
  process.stdout.on('error', noop);
  main();
}
