'use strict';
/** The platform's NATS request/reply contract from plain JavaScript: { principal, data } → { ok, data | error }. */
const { connect, JSONCodec, headers } = require('nats');
const { randomUUID } = require('node:crypto');

const jc = JSONCodec();
const BENCH_PRINCIPAL = Object.freeze({ kind: 'service', id: 'bench', name: 'bench' });

async function natsConnect(natsUrl) {
  return connect({ servers: natsUrl, name: 'diplomatie-bench', timeout: 5000, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}

function prefix(namespace) {
  return namespace ? `${namespace}.` : '';
}

/** One request; throws with the error code when the reply is { ok: false }. */
async function rpc(nc, namespace, subject, data, { principal = BENCH_PRINCIPAL, timeoutMs = 30000 } = {}) {
  const h = headers();
  h.set('x-request-id', randomUUID());
  const msg = await nc.request(prefix(namespace) + subject, jc.encode({ principal, data }), { timeout: timeoutMs, headers: h });
  let reply = jc.decode(msg.data);
  // A @nestjs/microservices reply arrives wrapped as { response | err }.
  if (reply && typeof reply === 'object' && !('ok' in reply) && ('response' in reply || 'err' in reply)) {
    reply = reply.err ? { ok: false, error: reply.err } : reply.response;
  }
  if (!reply || reply.ok !== true) {
    const err = new Error(`${subject}: ${JSON.stringify(reply && reply.error)}`);
    err.reply = reply;
    throw err;
  }
  return reply.data;
}

/** Subscribes (core NATS, no consumer state) to an event subject of the namespace; calls onEvent(envelope). */
function onEvents(nc, namespace, subject, onEvent) {
  const sub = nc.subscribe(prefix(namespace) + subject);
  (async () => {
    for await (const m of sub) {
      try {
        onEvent(jc.decode(m.data), Date.now());
      } catch {
        /* not JSON: not ours */
      }
    }
  })();
  return sub;
}

module.exports = { natsConnect, rpc, onEvents, BENCH_PRINCIPAL, prefix };
