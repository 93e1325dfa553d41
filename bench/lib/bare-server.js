'use strict';
/**
 * The baseline of bench/gateway-overhead.js: a bare Fastify process that does what the
 * platform does for `GET /api/v1/journal/to-handle` in one hop — verify the bearer token
 * against the same key, run routing's SQL (copied from apps/routing/src/journal/journal.repository.ts)
 * with the caller's access scope, map the rows — and a `/health/live` that answers like the gateway's.
 *
 * Env: PORT, DATABASE_URL, JWKS (the gateway's key set, JSON), SCOPE (the caller's access scope, JSON:
 * what the gateway's principal cache holds after the first request).
 */
const Fastify = require('fastify');
const { Pool } = require('pg');
const { createLocalJWKSet, jwtVerify } = require('jose');

const port = Number(process.env.PORT);
const scope = JSON.parse(process.env.SCOPE);
const keys = createLocalJWKSet(JSON.parse(process.env.JWKS));
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const OPEN_STATES = ['received', 'acknowledged', 'in_progress'];

// journal.repository.ts toHandle() + toHandleWhere() + accessPredicate(scope 'agent') + unreadColumn(), as generated.
const SQL = `SELECT a.id, a.unit_id, a.role, a.state, a.assignee_id, a.deadline, a.created_at, a.updated_at,
       a.priority_rank, to_json(a.deadline) #>> '{}' AS deadline_key,
       j.publication_id, j.reference, j.kind, j.subject, j.summary, j.priority, j.classification,
       j.emitting_unit_id, j.author_id, j.published_at,
       NOT EXISTS (SELECT 1 FROM routing.read_mark r WHERE r.agent_id = $6::uuid AND r.publication_id = j.publication_id) AS unread
  FROM routing.assignment a JOIN routing.journal_item j ON j.publication_id = a.publication_id
 WHERE a.role = 'action' AND a.unit_id = ANY($1::text[])
   AND (
        j.author_id = $2::uuid OR j.access_agents @> ARRAY[$2]::text[]
        OR (j.status = 'published' AND (
          (j.classification = 'restricted' AND (j.access_units && $3::text[] OR j.access_communities && $4::text[]))
          OR (j.classification <> 'restricted' AND (cardinality(j.access_ministries) = 0 OR j.access_ministries && $5::text[] OR j.access_units && $3::text[]))
        ))
   )
   AND a.state = ANY($7::text[])
 ORDER BY a.priority_rank, a.deadline, a.id
 LIMIT $8`;

const app = Fastify({ logger: false });

app.get('/health/live', async () => ({ status: 'ok' }));

app.get('/api/v1/journal/to-handle', async (req, reply) => {
  const m = /^Bearer +(\S+)$/i.exec(req.headers.authorization || '');
  if (!m) return reply.code(401).send({ code: 'unauthenticated' });
  try {
    await jwtVerify(m[1], keys, { audience: 'diplomatie' });
  } catch {
    return reply.code(401).send({ code: 'unauthenticated' });
  }
  const limit = Math.min(100, Math.max(1, Number(req.query.limit) || 20));
  const { rows } = await pool.query(SQL, [
    scope.units, scope.agentId, scope.units, scope.communities, scope.ministries, scope.agentId, OPEN_STATES, limit + 1,
  ]);
  const kept = rows.slice(0, limit);
  return {
    items: kept.map((r) => ({
      publicationId: r.publication_id, reference: r.reference, kind: r.kind, subject: r.subject, summary: r.summary,
      priority: r.priority, classification: r.classification, emittingUnitId: r.emitting_unit_id, authorId: r.author_id,
      publishedAt: r.published_at.toISOString(),
      assignment: {
        id: r.id, publicationId: r.publication_id, unitId: r.unit_id, role: r.role, state: r.state, assigneeId: r.assignee_id,
        deadline: r.deadline ? r.deadline.toISOString() : null, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
      },
      unread: r.unread,
    })),
    nextCursor: rows.length > limit ? Buffer.from(JSON.stringify([rows[limit - 1].priority_rank, rows[limit - 1].deadline_key, rows[limit - 1].id])).toString('base64url') : null,
  };
});

app.listen({ port, host: '127.0.0.1' }).then(
  () => process.send?.('ready'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
const shutdown = () => app.close().then(() => pool.end()).then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
