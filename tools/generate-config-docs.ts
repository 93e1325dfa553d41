// Writes docs/configuration.md from the services' environment schemas (run with `npm run docs:config`).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { GatewayEnv } from '../apps/gateway/src/config/gateway.env';
import { PublicationsEnv } from '../apps/publications/src/config/publications.env';
import { RoutingEnv } from '../apps/routing/src/config/routing.env';
import { CommunitiesEnv } from '../apps/communities/src/config/communities.env';
import { SearchEnv } from '../apps/search/src/config/search.env';
import { SignatureEnv } from '../apps/signature/src/config/signature.env';
import { BaseEnv } from '../libs/observability/src/lib/env';

const services: [string, z.ZodObject][] = [
  ['gateway', GatewayEnv as unknown as z.ZodObject],
  ['publications', PublicationsEnv as unknown as z.ZodObject],
  ['routing', RoutingEnv as unknown as z.ZodObject],
  ['communities', CommunitiesEnv as unknown as z.ZodObject],
  ['search', SearchEnv as unknown as z.ZodObject],
  ['signature', SignatureEnv as unknown as z.ZodObject],
];

function row(name: string, field: z.ZodType): string {
  const json = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const isBoolean = field.safeParse('true').data === true && field.safeParse('false').data === false;
  const allowed = isBoolean
    ? '`true`, `false`'
    : Array.isArray(json['enum'])
      ? (json['enum'] as string[]).map((v) => `\`${v}\``).join(', ')
      : json['pattern'] ? `matches \`${String(json['pattern']).replace(/\|/g, '\\|')}\`` : String(json['type'] ?? 'string');
  // The default is what the schema makes of an absent variable.
  const absent = field.safeParse(undefined);
  const dflt = !absent.success ? '*(required)*' : absent.data === undefined ? '*(unset)*' : `\`${JSON.stringify(absent.data)}\``;
  const description = (field.description ?? (json['description'] as string | undefined) ?? '').replace(/\|/g, '\\|');
  return `| \`${name}\` | ${dflt} | ${allowed} | ${description} |`;
}

const base = Object.keys(BaseEnv.shape);
const lines = [
  '# Configuration',
  '',
  'Generated from the environment schemas (`apps/<service>/src/config/<service>.env.ts`, `libs/observability/src/lib/env.ts`)',
  'by `npm run docs:config`. Each service validates its environment at start-up and stops with a message naming each',
  'bad variable. Where each value comes from in Kubernetes (ConfigMaps, Secrets): [operations](operations.md#configuration-reference).',
  '',
  '## Every service',
  '',
  '| variable | default | allowed | what |',
  '|---|---|---|---|',
  ...base.map((k) => row(k, (BaseEnv.shape as Record<string, z.ZodType>)[k])),
  '',
  'Default `PORT`s: gateway 3000, publications 3101, routing 3102, communities 3103, signature 3104, search 3105.',
];
for (const [name, schema] of services) {
  const own = Object.keys(schema.shape).filter((k) => !base.includes(k));
  if (own.length === 0) continue;
  lines.push('', `## ${name}`, '', '| variable | default | allowed | what |', '|---|---|---|---|');
  for (const k of own) lines.push(row(k, (schema.shape as Record<string, z.ZodType>)[k]));
}
const target = resolve(__dirname, '../docs/configuration.md');
writeFileSync(target, `${lines.join('\n')}\n`);
process.stdout.write(`wrote ${target}\n`);
