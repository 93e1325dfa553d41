'use strict';
/** Machine description, the printed table and bench/results/<name>-<timestamp>.json. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { gitRevision, REPO_ROOT } = require('./platform');

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuSpeedMHz: cpus[0]?.speed ?? null,
    totalMemMiB: Math.round(os.totalmem() / 1048576),
    freeMemMiB: Math.round(os.freemem() / 1048576),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    revision: gitRevision(),
  };
}

/** Prints rows (objects with the same keys) as an aligned text table. */
function printTable(title, rows) {
  console.log(`\n${title}`);
  if (!rows.length) {
    console.log('  (no rows)');
    return;
  }
  const cols = Object.keys(rows[0]);
  const cell = (v) => (v === null || v === undefined ? '-' : typeof v === 'number' ? String(v) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals) => '  ' + vals.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

/** Writes the result with the machine and the time around it; returns the file path. */
function writeResult(name, { startedAt, params, table, details }) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const finishedAt = new Date();
  const file = path.join(RESULTS_DIR, `${name}-${finishedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const doc = {
    bench: name,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    machine: { ...machine(), loadavgAtStart: params?.loadavgAtStart },
    params,
    table,
    details,
  };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  console.log(`\nmachine: ${doc.machine.cpus} × ${doc.machine.cpuModel}, load ${doc.machine.loadavg.join(' ')}, node ${doc.machine.node}, rev ${doc.machine.revision}`);
  console.log(`written: ${path.relative(process.cwd(), file)}`);
  return file;
}

/** Number from the environment, with a default (e.g. BENCH_DURATION=10). */
function envNumber(name, fallback) {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

module.exports = { machine, printTable, writeResult, envNumber, RESULTS_DIR };
