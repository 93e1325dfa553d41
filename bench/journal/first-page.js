#!/usr/bin/env node
'use strict';
/**
 * Journal first page at scale: loads BENCH_PUBLICATIONS publications, BENCH_AGENTS agents and a
 * fan-out of BENCH_FANOUT units per publication straight into routing's tables (SQL, on a fresh
 * database), starts the built routing service on it, then asks for the first page of à traiter
 * and of centres d'intérêt through the NATS API as random agents, BENCH_CONCURRENCY at a time,
 * and prints p50/p99. It stops by itself and drops its database and streams, even on failure or Ctrl-C.
 *
 *   npx nx build routing
 *   node bench/journal/first-page.js
 *   BENCH_PUBLICATIONS=100000 BENCH_FANOUT=50 BENCH_CONCURRENCY=16 BENCH_REQUESTS=2000 node bench/journal/first-page.js
 *
 * Environment: DATABASE_URL (an admin connection; default postgres://postgres@127.0.0.1:5432/postgres),
 * NATS_URL (default nats://127.0.0.1:4222). Defaults are the target: 1 M publications,
 * 10 k agents, fan-out 50 (50 M assignment rows — allow tens of GB of disk and a long load).
 */
const { spawn } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { connect, JSONCodec } = require('nats');

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const PUBLICATIONS = num('BENCH_PUBLICATIONS', 1_000_000);
const AGENTS = num('BENCH_AGENTS', 10_000);
const FANOUT = num('BENCH_FANOUT', 50);
const ACTION_UNITS = Math.max(1, Math.round(FANOUT / 10)); // a tenth pour action, the rest pour information
const UNITS = num('BENCH_UNITS', 2_000);
const TOPICS = 60;
const CONCURRENCY = num('BENCH_CONCURRENCY', 16);
const REQUESTS = num('BENCH_REQUESTS', 2_000);
const BATCH = 5_000;
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const REPO = path.resolve(__dirname, '../..');

const suffix = randomBytes(4).toString('hex');
const database = `diplomatie_bench_${suffix}`;
const namespace = `bench${suffix}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
})();
const jc = JSONCodec();
let child;

function log(message) {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function startRouting() {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  child = spawn(process.execPath, [path.join(REPO, 'dist/apps/routing/main.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, NATS_URL, NATS_NAMESPACE: namespace, PORT: String(port), LOG_LEVEL: 'warn', ESCALATION_SCAN_INTERVAL_MS: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`routing exited with ${child.exitCode} (built? npx nx build routing)`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('routing not ready within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Everything in SQL, in batches of publications: journal items, their assignments, and the agents' read marks. */
async function load(db) {
  const started = Date.now();
  // A version-4-shaped UUID from a name, the same in SQL and in JavaScript (md5uuid): ids the contracts accept.
  await db.query(`CREATE FUNCTION public.bench_uuid(name text) RETURNS uuid IMMUTABLE LANGUAGE sql AS
    $$ SELECT overlay(overlay(md5(name) placing '4' from 13) placing '8' from 17)::uuid $$`);
  for (let from = 1; from <= PUBLICATIONS; from += BATCH) {
    const to = Math.min(PUBLICATIONS, from + BATCH - 1);
    // Unit k of publication i: spread over the units so that every unit gets about the same share.
    const unitOf = (i, k) => `'bench-u-' || ((${i} * 7919 + ${k} * 104729) % ${UNITS})`;
    await db.query(
      `INSERT INTO routing.journal_item (publication_id, reference, kind, subject, summary, priority, emitting_unit_id, topics, communities,
         published_at, classification, status, author_id, access_units, access_communities, access_agents, access_ministries, partners, updated_at)
       SELECT bench_uuid('p' || i), 'BENCH-2026-' || lpad(i::text, 7, '0'), 'telegram', 'Télégramme de charge n° ' || i, '',
              (ARRAY['routine', 'priority', 'urgent', 'flash'])[1 + i % 4], 'bench-u-' || (i % ${UNITS}),
              ARRAY['bench-t-' || (i % ${TOPICS}), 'bench-t-' || ((i * 7) % ${TOPICS})], '{}',
              timestamptz '2026-01-01' + i * interval '20 seconds',
              (ARRAY['internal', 'internal', 'internal', 'internal', 'internal', 'internal', 'internal', 'restricted', 'restricted', 'public'])[1 + i % 10],
              'published', bench_uuid('author' || (i % ${AGENTS})),
              ARRAY(SELECT ${unitOf('i', 'k')} FROM generate_series(0, ${FANOUT - 1}) k), '{}', '{}', '{}', false, now()
         FROM generate_series($1::int, $2::int) i`,
      [from, to],
    );
    await db.query(
      `INSERT INTO routing.assignment (id, publication_id, unit_id, role, state, assignee_id, priority_rank, deadline, created_at, updated_at)
       SELECT bench_uuid('a' || i || '-' || k), bench_uuid('p' || i), ${unitOf('i', 'k')},
              CASE WHEN k < ${ACTION_UNITS} THEN 'action' ELSE 'information' END,
              CASE WHEN k >= ${ACTION_UNITS} THEN 'received' ELSE (ARRAY['received', 'acknowledged', 'in_progress', 'done', 'done'])[1 + (i + k) % 5] END,
              NULL, (ARRAY[3, 2, 1, 0])[1 + i % 4],
              CASE WHEN k < ${ACTION_UNITS} THEN timestamptz '2026-01-01' + i * interval '20 seconds' + interval '3 days' END,
              timestamptz '2026-01-01' + i * interval '20 seconds', timestamptz '2026-01-01' + i * interval '20 seconds'
         FROM generate_series($1::int, $2::int) i, generate_series(0, ${FANOUT - 1}) k
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
    if (to % (BATCH * 20) === 0 || to === PUBLICATIONS) {
      const rate = Math.round(to / ((Date.now() - started) / 1000));
      log(`loaded ${to.toLocaleString('en')} / ${PUBLICATIONS.toLocaleString('en')} publications (${rate}/s)`);
    }
  }
  // A third of each agent's recent items read: the unread probe finds both cases.
  await db.query(
    `INSERT INTO routing.read_mark (agent_id, publication_id, read_at)
     SELECT bench_uuid('agent' || g), bench_uuid('p' || i), now()
       FROM generate_series(0, ${AGENTS - 1}) g, generate_series(${Math.max(1, PUBLICATIONS - 300)}, ${PUBLICATIONS}, 3) i
     ON CONFLICT DO NOTHING`,
  );
  log('ANALYZE');
  await db.query('ANALYZE routing.journal_item; ANALYZE routing.assignment; ANALYZE routing.read_mark');
  return (Date.now() - started) / 1000;
}

/** Agent n: one unit, head of it for one agent in five, two followed topics, the ministry-wide perimeter. */
function agent(n) {
  const unit = `bench-u-${n % UNITS}`;
  const head = n % 5 === 0;
  return {
    kind: 'agent', id: md5uuid(`agent${n}`), login: `bench.agent${n}`, displayName: `Agent ${n}`, ministries: ['bench'],
    units: [unit], headOf: head ? [unit] : [], supervisedUnits: [], communities: [],
    topics: [`bench-t-${n % TOPICS}`, `bench-t-${(n * 13) % TOPICS}`], roles: [],
  };
}
function md5uuid(text) {
  const raw = createHash('md5').update(text).digest('hex');
  const h = `${raw.slice(0, 12)}4${raw.slice(13, 16)}8${raw.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function measure(nc, subject, data) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < REQUESTS) {
      const n = next++;
      const principal = agent(Math.floor(Math.random() * AGENTS));
      const t0 = performance.now();
      const msg = await nc.request(`${namespace}.${subject}`, jc.encode({ principal, data }), { timeout: 30_000, headers: undefined });
      const reply = jc.decode(msg.data);
      latencies.push(performance.now() - t0);
      if (!reply.ok) failures++;
      if (n === 0 && !reply.ok) log(`${subject}: ${JSON.stringify(reply.error)}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return { p50: at(50), p90: at(90), p99: at(99), max: latencies.at(-1), rps: REQUESTS / seconds, failures };
}

async function cleanUp(admin) {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => { child.once('exit', r); setTimeout(r, 10_000); });
  }
  try {
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) if (s.config.name.endsWith(`_${namespace.toUpperCase()}`)) await jsm.streams.delete(s.config.name);
    await nc.close();
  } catch (error) {
    log(`could not delete the streams of ${namespace}: ${error.message}`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error) => log(`could not drop ${database}: ${error.message}`));
  log(`dropped ${database} and the streams of ${namespace}`);
}

async function main() {
  log(`journal first page: ${PUBLICATIONS.toLocaleString('en')} publications, ${AGENTS.toLocaleString('en')} agents, fan-out ${FANOUT} ` +
    `(${ACTION_UNITS} pour action), ${UNITS} units; ${REQUESTS} requests at concurrency ${CONCURRENCY}; ${os.cpus().length} CPUs`);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  let interrupted = false;
  process.once('SIGINT', () => { interrupted = true; log('interrupted: cleaning up'); cleanUp(admin).finally(() => process.exit(130)); });
  await admin.query(`CREATE DATABASE ${database}`);
  const db = new Client({ connectionString: dbUrl });
  let nc;
  try {
    await startRouting(); // runs the migrations
    await db.connect();
    const loadSeconds = await load(db);
    const { rows } = await db.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size,
      (SELECT count(*) FROM routing.assignment)::bigint AS assignments`);
    log(`load: ${loadSeconds.toFixed(0)} s, ${rows[0].assignments} assignments, database ${rows[0].size}`);

    nc = await connect({ servers: NATS_URL, name: 'diplomatie-bench-journal' });
    const results = [];
    for (const [name, subject, data] of [
      ['to_handle (warm-up)', 'rpc.routing.journal.to_handle.v1', { limit: 20 }],
      ['to_handle first page', 'rpc.routing.journal.to_handle.v1', { limit: 20 }],
      ['interests first page', 'rpc.routing.journal.interests.v1', { limit: 20 }],
      ['to_handle counts', 'rpc.routing.journal.to_handle_counts.v1', {}],
    ]) {
      if (interrupted) return;
      const r = await measure(nc, subject, data);
      results.push({ name, ...r });
    }
    console.log('\n| query | p50 ms | p90 ms | p99 ms | max ms | req/s | failures |\n|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(`| ${r.name} | ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.rps.toFixed(0)} | ${r.failures} |`);
    }
    console.log('');
  } finally {
    await nc?.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    if (!interrupted) await cleanUp(admin);
    await admin.end().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
