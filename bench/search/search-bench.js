#!/usr/bin/env node
// Search at scale on the PostgreSQL backend: generates BENCH_DOCS (default 1 000 000) realistic
// French publications straight into the search service's table (INSERT … SELECT, so the
// tsvector and GIN indexes are computed as in production), then measures query latency through
// the service's NATS API for an agent and a partner (the access filter inside the query).
// Prints figures; asserts nothing. Not part of `npm test`.
//
//   npx nx build search && node bench/search/search-bench.js
//   BENCH_DOCS=200000 BENCH_ROUNDS=30 node bench/search/search-bench.js
//
// Needs PostgreSQL and NATS at DATABASE_URL / NATS_URL (defaults: the local servers). Creates a
// database and a NATS namespace of its own and removes both at the end.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { Client } = require('pg');
const { connect, StringCodec } = require('nats');

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/diplomatie';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const BATCH = 50_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const MAIN = join(__dirname, '../../dist/apps/search/main.js');

const id = randomBytes(4).toString('hex');
const database = `diplomatie_bench_${id}`;
const namespace = `bench${id}`;
const databaseUrl = (() => {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
})();

const agent = {
  kind: 'agent', id: randomUUID(), login: 'claire.moreau', displayName: 'Claire Moreau', ministries: ['meae'],
  units: ['meae-deur-balkans'], headOf: [], supervisedUnits: [], communities: ['balkans'], topics: ['serbie'], roles: [],
};
const partner = {
  kind: 'partner', id: randomUUID(), login: 'sophie.laurent', displayName: 'Sophie Laurent',
  organisationId: 'revue-diplomatique', charterAccepted: true, communities: [], topics: [],
};
const QUERIES = [
  'négociation',
  'serbie gaz',
  '"état de droit"',
  'énergie -kosovo',
  'kind:telegram topic:serbie',
  'négociations from:amb-belgrade after:2026-06-01',
];

// French vocabulary of diplomatic correspondence, mixed at random into subjects, summaries and bodies.
const WORDS = `négociation négociations adhésion élargissement État droit chapitre chapitres conférence intergouvernementale
ministre ministère gouvernement ambassade ambassadeur entretien réunion sécurité approvisionnement gaz gazier naturel liquéfié
terminal interconnexion énergie énergétique électricité réforme réformes justice corruption presse opinion publique élections
parlement coalition opposition Belgrade Zagreb Washington Pristina Bruxelles Serbie Croatie Kosovo Union européenne
commission conseil sommet déclaration communiqué tensions nord frontière douane droits commerce acier aluminium tarifs
exportations importations investissements coopération bilatérale partenariat stratégique dialogue normalisation accord
mise œuvre calendrier perspectives ouverture groupe critères rapport évaluation progrès recommandations situation politique
économique sociale régionale Balkans occidentaux voisinage diplomatie influence culturelle francophonie visite officielle`
  .split(/\s+/)
  .filter(Boolean);
const UNITS = ['amb-belgrade', 'amb-zagreb', 'amb-washington', 'meae-deur-balkans', 'meae-com', 'meae-dgm-dde', 'minefi-tresor-europe'];
const TOPICS = ['serbie', 'union-europeenne', 'energie', 'kosovo', 'elargissement', 'etats-unis'];
const COMMUNITIES = ['balkans', 'veille-kosovo', 'diplomatie-economique', 'presse-europe'];

function sqlArray(values) {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
}

async function insertBatch(db, from, count) {
  // Text of random words from the vocabulary: cheap to generate in SQL, realistic for the analyzer.
  // The `0 * s` and `g > 0` keep each aggregate inside its own subquery and re-drawn per row.
  await db.query(
    `WITH w AS (SELECT ${sqlArray(WORDS)} AS words, ${sqlArray(UNITS)} AS units, ${sqlArray(TOPICS)} AS topics, ${sqlArray(COMMUNITIES)} AS communities)
     INSERT INTO search.document (id, kind, reference, subject, summary, body_text, topics, communities, emitting_unit_id,
       for_action, for_information, priority, country, published_at, version, classification, status, author_id,
       access_units, access_communities, access_agents, access_ministries, partners)
     SELECT gen_random_uuid(), k.kind, upper(u.emitter) || '-2026-' || lpad(g::text, 7, '0'),
       (SELECT string_agg(w.words[1 + floor(random() * cardinality(w.words))::int + 0 * s], ' ') FROM generate_series(1, 8 + (g % 5)) AS s WHERE g > 0),
       (SELECT string_agg(w.words[1 + floor(random() * cardinality(w.words))::int + 0 * s], ' ') FROM generate_series(1, 25) AS s WHERE g > 0),
       (SELECT string_agg(w.words[1 + floor(random() * cardinality(w.words))::int + 0 * s], ' ') FROM generate_series(1, 120 + (g % 80)) AS s WHERE g > 0),
       ARRAY[w.topics[1 + g % 6], w.topics[1 + (g / 7) % 6]], ARRAY[w.communities[1 + g % 4]], u.emitter,
       ARRAY[u.action], ARRAY[u.info], (ARRAY['routine','routine','priority','urgent','flash'])[1 + g % 5], 'RS',
       timestamptz '2025-01-01' + (g % 700) * interval '1 day' + (g % 86400) * interval '1 second', 1,
       c.classification, 'published', gen_random_uuid(), ARRAY[u.emitter, u.action, u.info], ARRAY[w.communities[1 + g % 4]], '{}', '{}',
       c.classification = 'public' AND g % 2 = 0
     FROM generate_series($1::int, $2::int) AS g CROSS JOIN w
     CROSS JOIN LATERAL (SELECT w.units[1 + g % 7] AS emitter, w.units[1 + (g / 3) % 7] AS action, w.units[1 + (g / 11) % 7] AS info) u
     CROSS JOIN LATERAL (SELECT (ARRAY['telegram','telegram','telegram','diplomatic_note','formal_letter','post'])[1 + g % 6] AS kind) k
     CROSS JOIN LATERAL (SELECT (ARRAY['internal','internal','restricted','public'])[1 + (g / 5) % 4] AS classification) c`,
    [from, from + count - 1],
  );
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitReady(port, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`search exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('search did not become ready in 60 s');
}

async function main() {
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  let child;
  let nc;
  try {
    nc = await connect({ servers: NATS_URL });
    child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, NATS_URL, NATS_NAMESPACE: namespace, LOG_LEVEL: 'warn', OPENSEARCH_URL: '' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitReady(port, child);

    const db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined); // the final DROP … WITH (FORCE) ends it when a step failed
    await db.connect();
    console.log(`indexing ${DOCS.toLocaleString('en')} generated publications into search.document …`);
    const started = Date.now();
    for (let from = 1; from <= DOCS; from += BATCH) {
      const count = Math.min(BATCH, DOCS - from + 1);
      await insertBatch(db, from, count);
      const done = from + count - 1;
      const rate = done / ((Date.now() - started) / 1000);
      process.stdout.write(`\r  ${done.toLocaleString('en')} / ${DOCS.toLocaleString('en')}  (${Math.round(rate).toLocaleString('en')} docs/s)   `);
    }
    const seconds = (Date.now() - started) / 1000;
    await db.query('ANALYZE search.document');
    const { rows } = await db.query(`SELECT pg_size_pretty(pg_total_relation_size('search.document')) AS size`);
    await db.end();
    console.log(`\nindexed in ${seconds.toFixed(1)} s: ${Math.round(DOCS / seconds).toLocaleString('en')} docs/s; table + indexes ${rows[0].size}`);

    const sc = StringCodec();
    const subject = `${namespace}.rpc.search.publications.query.v1`;
    const ask = async (principal, q) => {
      const t0 = process.hrtime.bigint();
      const msg = await nc.request(subject, sc.encode(JSON.stringify({ principal, data: { q, limit: 20 } })), { timeout: 30_000 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const reply = JSON.parse(sc.decode(msg.data));
      if (!reply.ok) throw new Error(`${q}: ${JSON.stringify(reply.error)}`);
      return { ms, total: reply.data.total };
    };
    for (const q of QUERIES) await ask(agent, q); // warm the cache once

    console.log(`\nquery latency through NATS (${ROUNDS} rounds of each query, limit 20, total and 6 facets):`);
    console.log('who      query                                              total      p50 ms   p99 ms');
    for (const [who, principal] of [['agent', agent], ['partner', partner]]) {
      const all = [];
      for (const q of QUERIES) {
        const times = [];
        let total = 0;
        for (let i = 0; i < ROUNDS; i++) {
          const r = await ask(principal, q);
          times.push(r.ms);
          total = r.total;
        }
        times.sort((a, b) => a - b);
        all.push(...times);
        console.log(`${who.padEnd(8)} ${q.padEnd(50)} ${String(total).padStart(8)} ${percentile(times, 50).toFixed(1).padStart(9)} ${percentile(times, 99).toFixed(1).padStart(8)}`);
      }
      all.sort((a, b) => a - b);
      console.log(`${who.padEnd(8)} ${'all queries'.padEnd(50)} ${''.padStart(8)} ${percentile(all, 50).toFixed(1).padStart(9)} ${percentile(all, 99).toFixed(1).padStart(8)}`);
    }
  } finally {
    if (nc) {
      const jsm = await nc.jetstreamManager().catch(() => undefined);
      if (jsm) for await (const s of jsm.streams.list()) if (s.config.name.endsWith(`_${namespace.toUpperCase()}`)) await jsm.streams.delete(s.config.name);
      await nc.close();
    }
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
