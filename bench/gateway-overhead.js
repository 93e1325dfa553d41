#!/usr/bin/env node
'use strict';
/**
 * Gateway overhead: an authenticated read through gateway → NATS → routing → PostgreSQL
 * (GET /api/v1/journal/to-handle?limit=20 as claire.moreau) against a bare Fastify process that
 * verifies the same token and runs the same SQL on the same database; and the gateway's
 * /health/live against a bare Fastify route. Goals: read ≥ 0.5×, health ≥ 0.75× of the bare req/s.
 *
 *   node bench/gateway-overhead.js        BENCH_DURATION=10 BENCH_CONNECTIONS=10 BENCH_RUNS=3
 */
const path = require('node:path');
const os = require('node:os');
const { fork } = require('node:child_process');
const autocannon = require('autocannon');
const { startBenchPlatform, tokenFor, findFreePort, stopPid, waitUntil } = require('./lib/platform');
const { natsConnect, rpc } = require('./lib/nats-rpc');
const { acrossRuns, round } = require('./lib/stats');
const { printTable, writeResult, envNumber } = require('./lib/report');

const DURATION = envNumber('BENCH_DURATION', 10);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 10);
const RUNS = envNumber('BENCH_RUNS', 3);
const WARMUP = envNumber('BENCH_WARMUP', 2);
const READ_PATH = '/api/v1/journal/to-handle?limit=20';

function cannon({ url, headers, duration }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration, timeout: 10 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function main() {
  const startedAt = new Date();
  const loadavgAtStart = os.loadavg();
  const platform = await startBenchPlatform();
  let bare = null;
  let nc = null;
  try {
    const token = await tokenFor(platform.urls.gateway, 'claire.moreau');
    const agentId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).sub;
    nc = await natsConnect(platform.natsUrl);
    const principal = await rpc(nc, platform.namespace, 'rpc.communities.directory.principal.v1', { agentId });
    await nc.close();
    nc = null;
    // libs/auth accessScope() of an agent.
    const scope = {
      agentId: principal.id,
      units: [...new Set([...principal.units, ...principal.headOf, ...principal.supervisedUnits])],
      communities: principal.communities,
      ministries: principal.ministries,
    };
    const jwks = await (await fetch(`${platform.urls.gateway}/api/v1/auth/dev/jwks`)).json();
    const barePort = await findFreePort();
    bare = fork(path.join(__dirname, 'lib', 'bare-server.js'), [], {
      env: { ...process.env, PORT: String(barePort), DATABASE_URL: platform.databaseUrl, JWKS: JSON.stringify(jwks), SCOPE: JSON.stringify(scope) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await Promise.race([
      new Promise((r) => bare.once('message', (m) => r(m === 'ready'))),
      new Promise((r) => setTimeout(() => r(false), 15000)),
    ]);
    if (!ready) throw new Error('the bare Fastify server did not start');
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const auth = { authorization: `Bearer ${token}` };

    // Same answer from both, or the comparison means nothing.
    const [viaGateway, viaBare] = await Promise.all(
      [platform.urls.gateway, bareUrl].map(async (u) => (await fetch(u + READ_PATH, { headers: auth })).json()),
    );
    const ids = (page) => (page.items || []).map((i) => i.assignment.id).join(',');
    if (!viaGateway.items?.length || ids(viaGateway) !== ids(viaBare)) {
      throw new Error(`the two reads differ: gateway ${ids(viaGateway)} / bare ${ids(viaBare)} ${JSON.stringify(viaBare).slice(0, 300)}`);
    }

    const targets = [
      { name: 'read via gateway', url: platform.urls.gateway + READ_PATH, headers: auth, pair: 'read' },
      { name: 'read bare fastify', url: bareUrl + READ_PATH, headers: auth, pair: 'read' },
      { name: 'health via gateway', url: platform.urls.gateway + '/health/live', pair: 'health' },
      { name: 'health bare fastify', url: bareUrl + '/health/live', pair: 'health' },
    ];
    for (const t of targets) await cannon({ ...t, duration: WARMUP });
    const runs = Object.fromEntries(targets.map((t) => [t.name, []]));
    // Interleaved runs: a neighbour's burst on this shared machine hits both sides alike.
    for (let run = 0; run < RUNS; run += 1) {
      for (const t of targets) {
        const r = await cannon({ ...t, duration: DURATION });
        const bad = r.non2xx + r.errors + r.timeouts;
        runs[t.name].push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, failed: bad });
        console.log(`  run ${run + 1}/${RUNS} ${t.name}: ${round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, failed ${bad}`);
      }
    }
    const table = targets.map((t) => {
      const rs = runs[t.name];
      return {
        target: t.name,
        'req/s median': acrossRuns(rs.map((r) => r.rps)).median,
        'req/s worst': round(Math.min(...rs.map((r) => r.rps))),
        'p50 ms median': acrossRuns(rs.map((r) => r.p50)).median,
        'p99 ms median': acrossRuns(rs.map((r) => r.p99)).median,
        'p99 ms worst': acrossRuns(rs.map((r) => r.p99)).p99,
        failed: rs.reduce((n, r) => n + r.failed, 0),
      };
    });
    const med = (name) => table.find((r) => r.target === name)['req/s median'];
    const ratios = [
      { metric: 'read: gateway / bare', ratio: round(med('read via gateway') / med('read bare fastify'), 3), goal: '≥ 0.5' },
      { metric: 'health: gateway / bare', ratio: round(med('health via gateway') / med('health bare fastify'), 3), goal: '≥ 0.75' },
    ].map((r) => ({ ...r, met: r.ratio >= Number(r.goal.slice(2)) ? 'yes' : 'NO' }));
    printTable(`Gateway overhead (${CONNECTIONS} connections, ${DURATION} s × ${RUNS} runs, autocannon)`, table);
    printTable('Ratios (median req/s)', ratios);
    writeResult('gateway-overhead', {
      startedAt,
      params: { duration: DURATION, connections: CONNECTIONS, runs: RUNS, warmup: WARMUP, readPath: READ_PATH, loadavgAtStart },
      table: { targets: table, ratios },
      details: runs,
    });
  } finally {
    if (nc) await nc.close().catch(() => undefined);
    if (bare) await stopPid(bare.pid, { child: bare, graceMs: 3000 });
    await platform.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
module.exports = { main };
