#!/usr/bin/env node
/*
 * Loads the Diplomatie demo data set (tools/demo-data/) into running services.
 *
 *   node tools/seed-demo.js
 *
 * 1. Directory (units, partner organisations, agents, topics, communities, interests):
 *    one NATS request to `<ns>rpc.communities.directory.import.v1` (an idempotent upsert on the
 *    communities service side).
 * 2. Publications: through the gateway's public HTTP API, as each author (development IdP token),
 *    skipping those the author already has.
 *
 * Idempotent: a second run imports the same directory (no change) and skips every publication.
 *
 * Environment: NATS_URL (default nats://127.0.0.1:4222), NATS_NAMESPACE (optional subject
 * prefix), GATEWAY_URL (default http://127.0.0.1:3000). The gateway must run with
 * AUTH_DEV_IDP=true.
 *
 * Plain CommonJS on purpose: no build step; Node >= 20 (global fetch) and the `nats` package.
 */
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { connect, JSONCodec, headers } = require('nats');

const DATA_DIR = path.join(__dirname, 'demo-data');
const IMPORT_SUBJECT = 'rpc.communities.directory.import.v1';
const NATS_TIMEOUT_MS = 15_000;
const HTTP_TIMEOUT_MS = 15_000;
const SEED_PRINCIPAL = Object.freeze({ kind: 'service', id: 'demo-seed', name: 'demo-seed' });

class SeedError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'SeedError';
    this.details = details;
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, file), 'utf8'));
}

function subjectPrefix(namespace) {
  return typeof namespace === 'string' && namespace.length > 0 ? `${namespace}.` : '';
}

function pretty(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

// ---------------------------------------------------------------------------------------------
// 1. Directory over NATS
// ---------------------------------------------------------------------------------------------

/**
 * The reply contract is `{ ok: true, data }` or `{ ok: false, error: { code, message, details } }`.
 * A reply produced by a @nestjs/microservices NATS handler arrives wrapped as
 * `{ id, response | err, isDisposed }`; unwrap it so either server style works.
 */
function unwrapReply(reply) {
  if (reply && typeof reply === 'object' && !('ok' in reply) && ('response' in reply || 'err' in reply)) {
    if (reply.err !== undefined && reply.err !== null) {
      return { ok: false, error: typeof reply.err === 'object' ? reply.err : { message: String(reply.err) } };
    }
    return reply.response;
  }
  return reply;
}

async function importDirectory({ natsUrl, natsNamespace, directory, log }) {
  const subject = subjectPrefix(natsNamespace) + IMPORT_SUBJECT;
  const jc = JSONCodec();
  let nc;
  try {
    nc = await connect({ servers: natsUrl, name: 'demo-seed', timeout: 10_000, maxReconnectAttempts: 2 });
  } catch (err) {
    throw new SeedError(`cannot connect to NATS at ${natsUrl}: ${err.message}`);
  }
  try {
    const h = headers();
    h.set('x-request-id', randomUUID());
    log(`directory: request ${subject} (${directory.units.length} units, ${directory.agents.length} agents, ` +
      `${directory.communities.length} communities)`);
    let msg;
    try {
      msg = await nc.request(subject, jc.encode({ principal: SEED_PRINCIPAL, data: directory }), {
        timeout: NATS_TIMEOUT_MS,
        headers: h,
      });
    } catch (err) {
      // nats.js: code 'TIMEOUT' after the timeout, '503' when nothing subscribes to the subject.
      const why = err.code === '503' ? 'no responder (is the communities service running?)'
        : err.code === 'TIMEOUT' ? `no reply within ${NATS_TIMEOUT_MS / 1000} s`
        : err.message;
      throw new SeedError(`directory import failed on ${subject}: ${why}`, { code: err.code });
    }
    let reply;
    try {
      reply = unwrapReply(jc.decode(msg.data));
    } catch (err) {
      throw new SeedError(`directory import: reply on ${subject} is not JSON: ${err.message}`);
    }
    if (!reply || reply.ok !== true) {
      const error = (reply && reply.error) || reply;
      throw new SeedError(`directory import refused on ${subject}`, error);
    }
    return reply.data;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Publications over the gateway's HTTP API
// ---------------------------------------------------------------------------------------------

function httpClient(gatewayUrl) {
  const base = gatewayUrl.replace(/\/+$/, '');

  async function call(method, route, { token, body } = {}) {
    const init = {
      method,
      headers: { accept: 'application/json', 'x-request-id': randomUUID() },
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    };
    if (token) init.headers.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(base + route, init);
    } catch (err) {
      const cause = err.cause && (err.cause.code || err.cause.message);
      throw new SeedError(`${method} ${route}: gateway unreachable at ${base} (${cause || err.message})`);
    }
    const text = await res.text();
    let json;
    try {
      json = text.length ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (res.status < 200 || res.status > 299) {
      throw new SeedError(`${method} ${route} → ${res.status}`, json);
    }
    return json;
  }

  return { call };
}

async function seedPublications({ gatewayUrl, publications, log }) {
  const { call } = httpClient(gatewayUrl);
  const tokens = new Map();
  const mine = new Map();
  const summary = { created: 0, published: 0, skipped: 0, items: [] };

  async function tokenFor(login) {
    if (!tokens.has(login)) {
      const reply = await call('POST', '/api/v1/auth/dev/token', { body: { login } });
      if (!reply || typeof reply.accessToken !== 'string') {
        throw new SeedError(`POST /api/v1/auth/dev/token: no accessToken for ${login}`, reply);
      }
      tokens.set(login, reply.accessToken);
    }
    return tokens.get(login);
  }

  async function mineOf(login, token) {
    if (!mine.has(login)) {
      const items = [];
      let cursor = null;
      for (let page = 0; page < 50; page += 1) {
        const qs = `mine=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const reply = await call('GET', `/api/v1/publications?${qs}`, { token });
        items.push(...((reply && reply.items) || []));
        cursor = reply && reply.nextCursor;
        if (!cursor) break;
      }
      mine.set(login, items);
    }
    return mine.get(login);
  }

  for (const publication of publications) {
    const { author, publish, ...fields } = publication;
    const token = await tokenFor(author);
    const existing = (await mineOf(author, token)).filter((item) => item.subject === fields.subject);
    const done = existing.find((item) => item.status === 'published')
      || (!publish ? existing[0] : existing.find((item) => item.status === 'withdrawn'));
    if (done) {
      summary.skipped += 1;
      summary.items.push({ subject: fields.subject, id: done.id, action: 'skipped', status: done.status });
      log(`  = ${author}: ${fields.subject} (already ${done.status})`);
      continue;
    }

    let draft = existing.find((item) => item.status === 'draft');
    let action = 'published';
    if (!draft) {
      draft = await call('POST', '/api/v1/publications', { token, body: fields });
      if (!draft || !draft.id) throw new SeedError('POST /api/v1/publications: reply has no id', draft);
      summary.created += 1;
      action = 'created';
    }
    let status = draft.status || 'draft';
    let reference = draft.reference || null;
    if (publish) {
      const reply = await call('POST', `/api/v1/publications/${encodeURIComponent(draft.id)}/publish`, {
        token,
        body: {},
      });
      status = (reply && reply.status) || 'published';
      reference = (reply && reply.reference) || reference;
      summary.published += 1;
      action = action === 'created' ? 'created+published' : 'published';
    }
    summary.items.push({ subject: fields.subject, id: draft.id, reference, action, status });
    log(`  + ${author}: ${fields.subject} (${action}${reference ? `, ${reference}` : ''})`);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Loads the demo data set. Throws a SeedError (message + details) on the first failure.
 * Options default to the environment; `directory` / `publications` default to tools/demo-data/.
 */
async function seedDemo({
  gatewayUrl = process.env.GATEWAY_URL || 'http://127.0.0.1:3000',
  natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222',
  natsNamespace = process.env.NATS_NAMESPACE,
  log = (line) => console.log(line),
  directory = readJson('directory.json'),
  publications = readJson('publications.json'),
} = {}) {
  const imported = await importDirectory({ natsUrl, natsNamespace, directory, log });
  log(`directory imported: ${JSON.stringify(imported)}`);

  log(`publications: ${publications.length} to load through ${gatewayUrl}`);
  const result = await seedPublications({ gatewayUrl, publications, log });
  log(`publications: ${result.created} created, ${result.published} published, ${result.skipped} skipped`);

  return { directory: imported, publications: result };
}

module.exports = { seedDemo, SeedError, IMPORT_SUBJECT };

if (require.main === module) {
  seedDemo().then(
    () => process.exit(0),
    (err) => {
      console.error(`seed-demo: ${err.message}`);
      if (err.details !== undefined) console.error(pretty(err.details));
      if (!(err instanceof SeedError) && err.stack) console.error(err.stack);
      process.exit(1);
    },
  );
}
