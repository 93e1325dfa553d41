#!/usr/bin/env node
'use strict';
/**
 * Publish → visible in "à traiter": telegrams published through the gateway at a sustained rate,
 * each pour action to FANOUT units; the time from the publish request to the routing event
 * `routing.assignment.created.v1` of the last of its units (routing emits it from its outbox in the
 * transaction that makes the assignment visible in à traiter). p50/p99 per rate, and whether the
 * backlog stayed bounded (everything arrived within 30 s after the last publish and the latency did
 * not keep growing during the run).
 *
 *   node bench/publish-to-journal.js   BENCH_RATES=5,10,25,50,100,200 BENCH_SECONDS=10 BENCH_FANOUT=50
 *
 * Rates run in increasing order; once one is not bounded the higher ones are skipped (their backlog
 * would only add to the previous one's), unless BENCH_ALL_RATES=1.
 */
const os = require('node:os');
const { startBenchPlatform, tokenFor, sleep } = require('./lib/platform');
const { natsConnect, onEvents } = require('./lib/nats-rpc');
const { latencyHistogram, round, median } = require('./lib/stats');
const { printTable, writeResult, envNumber } = require('./lib/report');
const { importBenchUnits, createDrafts, publishPaced } = require('./lib/load');

const RATES = (process.env.BENCH_RATES || '5,10,25,50,100,200').split(',').map(Number).filter((n) => n > 0);
const SECONDS = envNumber('BENCH_SECONDS', 10);
const FANOUT = Math.min(50, envNumber('BENCH_FANOUT', 50));
const DRAIN_MS = envNumber('BENCH_DRAIN_SECONDS', 30) * 1000;
const MAX_PER_RATE = 4000; // bound: never more than this many publications in one step

async function main() {
  const startedAt = new Date();
  const loadavgAtStart = os.loadavg();
  const platform = await startBenchPlatform();
  let nc = null;
  const table = [];
  const details = [];
  try {
    nc = await natsConnect(platform.natsUrl);
    const units = await importBenchUnits(nc, platform.namespace, FANOUT);
    const token = await tokenFor(platform.urls.gateway, 'julien.bernard');

    // Every assignment.created event, by publication: arrival time of each (unit, role).
    const seen = new Map();
    let duplicates = 0;
    onEvents(nc, platform.namespace, 'routing.assignment.created.v1', (env, at) => {
      const a = env && env.data;
      if (!a || a.role !== 'action') return;
      let units = seen.get(a.publicationId);
      if (!units) seen.set(a.publicationId, (units = new Map()));
      if (units.has(a.unitId)) duplicates += 1;
      else units.set(a.unitId, at);
    });

    let unbounded = false;
    for (const rate of RATES) {
      if (unbounded && process.env.BENCH_ALL_RATES !== '1') {
        table.push({ 'rate /s': rate, published: 0, bounded: 'skipped (a lower rate was not bounded)' });
        continue;
      }
      const count = Math.min(MAX_PER_RATE, Math.round(rate * SECONDS));
      const tCreate = Date.now();
      const ids = await createDrafts(platform.urls.gateway, token, count, units, { tag: `rate${rate}` });
      console.log(`  ${rate}/s: ${count} drafts created in ${round((Date.now() - tCreate) / 1000)} s; publishing for ${SECONDS} s...`);
      await sleep(2000); // let the drafts' own events settle
      const sent = new Map();
      const publishLatency = latencyHistogram();
      let failed = 0;
      const paced = await publishPaced(platform.urls.gateway, token, ids, rate, {
        onAnswer: (id, status, sentAt, answeredAt) => {
          sent.set(id, { sentAt, answeredAt, ok: status === 200 || status === 201 });
          if (status === 200 || status === 201) publishLatency.record(answeredAt - sentAt);
          else failed += 1;
        },
      });
      const lastSent = Date.now();
      const complete = (id) => (seen.get(id)?.size ?? 0) >= units.length;
      const okIds = ids.filter((id) => sent.get(id)?.ok);
      while (Date.now() - lastSent < DRAIN_MS && !okIds.every(complete)) await sleep(100);
      const drainedMs = okIds.every(complete) ? Date.now() - lastSent : null;

      const visible = latencyHistogram();
      const perQuarter = [[], [], [], []];
      let missing = 0;
      okIds.forEach((id, i) => {
        const arrivals = seen.get(id);
        if (!arrivals || arrivals.size < units.length) {
          missing += 1;
          return;
        }
        const ms = Math.max(...arrivals.values()) - sent.get(id).sentAt;
        visible.record(ms);
        perQuarter[Math.min(3, Math.floor((i * 4) / okIds.length))].push(ms);
      });
      const v = visible.summary();
      const trend = median(perQuarter[3]) && median(perQuarter[0]) ? median(perQuarter[3]) / median(perQuarter[0]) : null;
      // Bounded: all drained within the window, and the last quarter's latency is not several times the first's.
      const bounded = drainedMs !== null && missing === 0 && (trend === null || trend < 3);
      const row = {
        'rate /s': rate,
        published: okIds.length,
        'achieved /s': round(okIds.length / paced.seconds, 1),
        'publish p50 ms': publishLatency.summary().p50,
        'visible p50 ms': v.p50 ?? null,
        'visible p99 ms': v.p99 ?? null,
        'visible max ms': v.max ?? null,
        'last/first quarter': round(trend, 2),
        'drained after ms': drainedMs,
        missing,
        failed,
        bounded: bounded ? 'yes' : 'NO',
      };
      table.push(row);
      if (!bounded) unbounded = true;
      details.push({ rate, count, fanout: units.length, paced, publish: publishLatency.summary(), visible: v, duplicatesSoFar: duplicates });
      console.log(`  ${rate}/s: ${JSON.stringify(row)}`);
      // Quiet gap before the next step; after an unbounded step, let its backlog finish first (bounded wait).
      const backlogDeadline = Date.now() + 120000;
      while (!okIds.every(complete) && Date.now() < backlogDeadline) await sleep(500);
      await sleep(3000);
    }
    const highest = table.filter((r) => r.bounded === 'yes').map((r) => r['rate /s']).sort((a, b) => b - a)[0] ?? null;
    printTable(`Publish → visible in à traiter (fan-out ${FANOUT} units pour action, ${SECONDS} s per rate)`, table);
    console.log(`\n  highest sustained rate with a bounded backlog: ${highest ?? 'none of'} ${highest ? '/s' : RATES.join(', ')}` +
      `  (goal: p99 < 300 ms at 200/s); duplicate assignment events seen: ${duplicates}`);
    writeResult('publish-to-journal', {
      startedAt,
      params: { rates: RATES, seconds: SECONDS, fanout: FANOUT, drainMs: DRAIN_MS, loadavgAtStart },
      table: { rates: table, highestBoundedRate: highest, duplicateEvents: duplicates },
      details,
    });
  } finally {
    if (nc) await nc.close().catch(() => undefined);
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
