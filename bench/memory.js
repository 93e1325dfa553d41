#!/usr/bin/env node
'use strict';
/**
 * Memory and start-up: the `npm start`-equivalent ready time (six services ready and the demo data
 * loaded, as tools/start.js reports it), then VmRSS of each service idle, its peak during a load
 * phase (journal reads with autocannon + paced publications), and after the load.
 *
 *   node bench/memory.js     BENCH_LOAD_SECONDS=20 BENCH_RUNS=1
 */
const os = require('node:os');
const autocannon = require('autocannon');
const { startBenchPlatform, tokenFor, rssMiB, sleep } = require('./lib/platform');
const { natsConnect } = require('./lib/nats-rpc');
const { acrossRuns, round } = require('./lib/stats');
const { printTable, writeResult, envNumber } = require('./lib/report');
const { importBenchUnits, createDrafts, publishPaced } = require('./lib/load');

const LOAD_SECONDS = envNumber('BENCH_LOAD_SECONDS', 20);
const RUNS = envNumber('BENCH_RUNS', 1);
const PUBLISH_RATE = envNumber('BENCH_PUBLISH_RATE', 20);

async function oneRun() {
  const platform = await startBenchPlatform();
  let nc = null;
  try {
    const pids = platform.pids();
    await sleep(5000); // let start-up garbage settle
    const idle = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, rssMiB(pid)]));

    nc = await natsConnect(platform.natsUrl);
    const units = await importBenchUnits(nc, platform.namespace, 10);
    const reader = await tokenFor(platform.urls.gateway, 'claire.moreau');
    const author = await tokenFor(platform.urls.gateway, 'julien.bernard');
    const drafts = await createDrafts(platform.urls.gateway, author, Math.round(PUBLISH_RATE * LOAD_SECONDS), units, { tag: 'memory' });

    const peak = { ...idle };
    const sampler = setInterval(() => {
      for (const [n, pid] of Object.entries(pids)) peak[n] = Math.max(peak[n] ?? 0, rssMiB(pid) ?? 0);
    }, 250);
    const reads = new Promise((resolve, reject) =>
      autocannon(
        { url: `${platform.urls.gateway}/api/v1/journal/to-handle?limit=20`, headers: { authorization: `Bearer ${reader}` }, connections: 10, duration: LOAD_SECONDS },
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
    const [readResult] = await Promise.all([reads, publishPaced(platform.urls.gateway, author, drafts, PUBLISH_RATE)]);
    clearInterval(sampler);
    await sleep(5000);
    const after = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, rssMiB(pid)]));
    return { readySeconds: platform.readySeconds, idle, peak, after, readsPerSecond: readResult.requests.average };
  } finally {
    if (nc) await nc.close().catch(() => undefined);
    await platform.stop();
  }
}

async function main() {
  const startedAt = new Date();
  const loadavgAtStart = os.loadavg();
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) {
    runs.push(await oneRun());
    console.log(`  run ${i + 1}/${RUNS}: ready in ${round(runs[i].readySeconds)} s`);
  }
  const names = Object.keys(runs[0].idle);
  const table = names.map((n) => ({
    service: n,
    'idle RSS MiB': acrossRuns(runs.map((r) => r.idle[n])).median,
    'peak RSS under load MiB': acrossRuns(runs.map((r) => r.peak[n])).median,
    'after load MiB': acrossRuns(runs.map((r) => r.after[n])).median,
  }));
  const sum = (k) => round(table.reduce((s, r) => s + (r[k] ?? 0), 0), 1);
  table.push({ service: 'total', 'idle RSS MiB': sum('idle RSS MiB'), 'peak RSS under load MiB': sum('peak RSS under load MiB'), 'after load MiB': sum('after load MiB') });
  const ready = acrossRuns(runs.map((r) => r.readySeconds));
  printTable(`Memory (VmRSS; load: ${LOAD_SECONDS} s of journal reads, 10 connections, + ${PUBLISH_RATE} publications/s)`, table);
  printTable('Start-up (tools/start.js: six services ready + demo data loaded)', [{ 'ready s median': ready.median, 'ready s worst': ready.p99, runs: RUNS }]);
  writeResult('memory', { startedAt, params: { loadSeconds: LOAD_SECONDS, runs: RUNS, publishRate: PUBLISH_RATE, loadavgAtStart }, table: { memory: table, ready }, details: runs });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
module.exports = { main };
