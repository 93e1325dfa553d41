import { z } from 'zod';
import { AllEvents, AllRequests } from './catalog';
import { RpcErrorBody } from './errors';
import { EventContract, RequestContract } from './messages';
import { Principal } from './principal';
import { envelopeOf } from './envelope';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-7' }) as Json;
  delete json['$schema'];
  return json;
}

/** `rpc.publications.publication.create.v1` → `publicationsPublicationCreateV1`. */
function idOf(subject: string): string {
  return subject
    .replace(/^rpc\./, '')
    .split(/[._]/)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}

/**
 * The AsyncAPI 3 document of every NATS subject, generated from the contracts: what another
 * ministry reads to integrate one service. `docs/asyncapi.yaml` is this, serialised.
 */
export function buildAsyncApiDocument(version: string): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};

  for (const c of AllRequests as RequestContract[]) {
    const id = idOf(c.subject);
    messages[`${id}Request`] = {
      name: `${id}Request`,
      title: `${c.subject} request`,
      summary: c.summary,
      headers: { type: 'object', properties: { 'x-request-id': { type: 'string' } } },
      payload: {
        type: 'object',
        required: ['principal', 'data'],
        properties: { principal: { $ref: '#/components/schemas/Principal' }, data: schemaOf(c.request, 'input') },
      },
    };
    messages[`${id}Reply`] = {
      name: `${id}Reply`,
      title: `${c.subject} reply`,
      payload: {
        oneOf: [
          { type: 'object', required: ['ok', 'data'], properties: { ok: { const: true }, data: schemaOf(c.response, 'output') } },
          { type: 'object', required: ['ok', 'error'], properties: { ok: { const: false }, error: { $ref: '#/components/schemas/RpcError' } } },
        ],
      },
    };
    channels[id] = {
      address: c.subject,
      title: c.subject,
      description: `Request/reply served by the ${c.service} service (queue group "${c.service}").`,
      messages: { request: { $ref: `#/components/messages/${id}Request` } },
    };
    channels[`${id}Reply`] = {
      address: null,
      description: 'The requester\'s inbox (NATS reply subject).',
      messages: { reply: { $ref: `#/components/messages/${id}Reply` } },
    };
    operations[id] = {
      action: 'receive',
      title: `${c.service} answers ${c.subject}`,
      summary: c.summary,
      channel: { $ref: `#/channels/${id}` },
      reply: { channel: { $ref: `#/channels/${id}Reply` } },
      tags: [{ name: c.service }],
    };
  }

  for (const e of AllEvents as EventContract[]) {
    const id = idOf(e.subject);
    messages[id] = {
      name: id,
      title: `${e.type} v${e.version}`,
      summary: e.summary,
      headers: { type: 'object', properties: { 'Nats-Msg-Id': { type: 'string', description: 'the event id (deduplication)' } } },
      payload: schemaOf(envelopeOf(e.data), 'output'),
    };
    channels[id] = {
      address: e.subject,
      title: e.subject,
      description: `Domain event of the ${e.service} service, on the JetStream stream of ${e.service}.`,
      messages: { event: { $ref: `#/components/messages/${id}` } },
    };
    operations[id] = {
      action: 'send',
      title: `${e.service} publishes ${e.type}`,
      summary: e.summary,
      channel: { $ref: `#/channels/${id}` },
      tags: [{ name: e.service }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Diplomatie — NATS API',
      version,
      description:
        'Every request/reply subject and domain event of the platform. Requests carry `{ principal, data }` and ' +
        'are answered `{ ok: true, data }` or `{ ok: false, error: { code, message, details } }`. Events are ' +
        'delivered at least once through JetStream with `Nats-Msg-Id` = event id; consumers deduplicate by id. ' +
        'Generated from libs/contracts: do not edit by hand (`npm run asyncapi`).',
    },
    defaultContentType: 'application/json',
    servers: { production: { host: 'nats:4222', protocol: 'nats', description: 'NATS with JetStream (≥ 2.10.23 in production)' } },
    channels,
    operations,
    // Shared by every request and reply: written once, referenced everywhere.
    components: { schemas: { Principal: schemaOf(Principal, 'input'), RpcError: schemaOf(RpcErrorBody, 'output') }, messages },
  };
}
