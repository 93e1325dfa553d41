'use strict';
/** Load helpers shared by the publish bench and the fault tests: bench units, drafts, paced publishing. */
const { rpc } = require('./nats-rpc');

const pad = (n) => String(n).padStart(2, '0');
const benchUnitId = (i) => `bench-unit-${pad(i)}`;

/** Imports `count` units under meae (one agent in each) through the directory import RPC. */
async function importBenchUnits(nc, namespace, count) {
  const units = [];
  const agents = [];
  for (let i = 1; i <= count; i += 1) {
    units.push({ id: benchUnitId(i), name: `Unité de mesure ${pad(i)}`, kind: 'service', parentId: 'meae', country: null });
    agents.push({
      login: `bench.agent${pad(i)}`, kind: 'agent', givenName: 'Bench', familyName: `Agent ${pad(i)}`, title: 'Rédacteur',
      email: `bench.agent${pad(i)}@diplomatie.gouv.fr`, languages: ['fr'], units: [{ unitId: benchUnitId(i), role: 'agent' }],
      organisationId: null, charterAccepted: false, roles: [],
    });
  }
  await rpc(nc, namespace, 'rpc.communities.directory.import.v1', { units, organisations: [], agents, topics: [], communities: [], interests: [] });
  return units.map((u) => u.id);
}

/** A telegram draft body for the bench (restricted, `forAction` units). */
function telegram(n, forAction, tag = 'bench') {
  return {
    kind: 'telegram',
    subject: `${tag} ${n}: télégramme de mesure`,
    summary: 'Télégramme de charge, sans contenu utile.',
    body: `<p>Télégramme de charge n° ${n}.</p>`,
    priority: 'routine',
    country: 'RS',
    topics: ['serbie'],
    classification: 'restricted',
    forAction,
    forInformation: [],
    communities: [],
  };
}

async function call(gatewayUrl, method, route, token, body, timeoutMs = 30000) {
  const res = await fetch(gatewayUrl + route, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

/** Creates `count` drafts with `concurrency` requests in flight; returns their ids in order. */
async function createDrafts(gatewayUrl, token, count, forAction, { concurrency = 8, tag = 'bench' } = {}) {
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const res = await call(gatewayUrl, 'POST', '/api/v1/publications', token, telegram(n, forAction, tag));
      if (res.status !== 201 && res.status !== 200) throw new Error(`create draft ${n}: ${res.status} ${JSON.stringify(res.body)}`);
      ids[n] = res.body.id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/**
 * Publishes the drafts at `rate` per second (open loop: the schedule does not wait for answers,
 * bounded by `maxInFlight`), calling onAnswer(id, status, sentAt, answeredAt).
 */
async function publishPaced(gatewayUrl, token, ids, rate, { maxInFlight = 400, onAnswer = () => undefined } = {}) {
  const start = Date.now();
  const inFlight = new Set();
  let late = 0;
  for (let i = 0; i < ids.length; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -100) late += 1;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const id = ids[i];
    const sentAt = Date.now();
    const p = call(gatewayUrl, 'POST', `/api/v1/publications/${id}/publish`, token, {})
      .then((res) => onAnswer(id, res.status, sentAt, Date.now(), res.body))
      .catch((err) => onAnswer(id, 0, sentAt, Date.now(), String(err)))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { seconds: (Date.now() - start) / 1000, late };
}

module.exports = { importBenchUnits, benchUnitId, telegram, call, createDrafts, publishPaced };
