#!/usr/bin/env node
'use strict';
/**
 * People search: latency of `rpc.communities.directory.people.search.v1` (accent-folded LIKE +
 * trigram word similarity on names, titles and unit names) on the demo directory plus
 * BENCH_PEOPLE synthetic agents, as an agent would ask it (first page of 20). Prints p50/p95 per query.
 *
 *   node bench/people-search.js        BENCH_PEOPLE=20000 BENCH_REQUESTS=200
 */
const os = require('node:os');
const { startBenchPlatform } = require('./lib/platform');
const { natsConnect, rpc } = require('./lib/nats-rpc');
const { percentile, round } = require('./lib/stats');
const { printTable, writeResult, envNumber } = require('./lib/report');

const PEOPLE = envNumber('BENCH_PEOPLE', 20000);
const REQUESTS = envNumber('BENCH_REQUESTS', 200);
const BATCH = 1000;
const GIVEN = ['Hélène', 'Élodie', 'François', 'Jérôme', 'Anaïs', 'Noël', 'Chloé', 'Benoît', 'Loïc', 'Maëlle', 'Céline', 'Stéphane'];
const FAMILY = ['Lefèvre', 'Bérard', 'Guérin', 'Mercier', 'Faure', 'Rousseau', 'Chevalier', 'Boucher', 'Lemaître', 'Perrin', 'Dupré', 'Bréval'];
const TITLES = ['Rédacteur', 'Rédactrice', 'Chargé de mission', 'Conseiller', 'Premier secrétaire', 'Attachée de presse'];
const UNITS = ['amb-belgrade', 'amb-zagreb', 'amb-sarajevo', 'amb-washington', 'meae-deur-balkans', 'meae-com-presse', 'meae-dgm-dde', 'minefi-tresor-europe'];
const QUERIES = ['', 'moreau', 'helene', 'guerin', 'ambassade serbie', 'redactrice balkans', 'rousseu', 'lemaitre conseiller'];

async function main() {
  const startedAt = new Date();
  const loadavgAtStart = os.loadavg();
  const platform = await startBenchPlatform();
  const nc = await natsConnect(platform.natsUrl);
  try {
    const importStart = Date.now();
    for (let from = 0; from < PEOPLE; from += BATCH) {
      const agents = [];
      for (let i = from; i < Math.min(PEOPLE, from + BATCH); i++) {
        agents.push({
          login: `bench.agent${i}`, kind: 'agent', givenName: GIVEN[i % GIVEN.length], familyName: `${FAMILY[(i * 7) % FAMILY.length]}${i % 97 ? '' : '-Moreau'}`,
          title: TITLES[i % TITLES.length], units: [{ unitId: UNITS[i % UNITS.length], role: 'agent' }],
        });
      }
      await rpc(nc, platform.namespace, 'rpc.communities.directory.import.v1', { agents }, { timeoutMs: 120000 });
    }
    const importSeconds = (Date.now() - importStart) / 1000;
    console.log(`imported ${PEOPLE} agents in ${round(importSeconds, 1)} s`);
    const { id } = await rpc(nc, platform.namespace, 'rpc.communities.directory.resolve_login.v1', { login: 'claire.moreau' });
    const claire = await rpc(nc, platform.namespace, 'rpc.communities.directory.principal.v1', { agentId: id });

    const table = [];
    for (const q of QUERIES) {
      const ms = [];
      let hits = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const t = process.hrtime.bigint();
        const page = await rpc(nc, platform.namespace, 'rpc.communities.directory.people.search.v1', { q, limit: 20 }, { principal: claire });
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
        hits = page.items.length;
      }
      table.push({ query: JSON.stringify(q), 'first page': hits, 'p50 ms': round(percentile(ms, 50)), 'p95 ms': round(percentile(ms, 95)) });
    }
    printTable(`people search over ${PEOPLE + 13} accounts (${REQUESTS} sequential requests per query, NATS round trip included; import ${round(importSeconds, 1)} s)`, table);
    writeResult('people-search', { startedAt, params: { people: PEOPLE, requests: REQUESTS, loadavgAtStart }, table, details: { importSeconds } });
  } finally {
    await nc.close();
    await platform.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
