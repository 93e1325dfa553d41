import { z } from 'zod';

/** What every service reads from its environment. Each app extends it in `config/<app>.env.ts`. */
export const BaseEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('`production` refuses development-only settings (the dev IdP).'),
  PORT: z.coerce.number().int().min(0).max(65535).describe('HTTP port: the API for the gateway, health for every service.'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default('postgres://postgres@127.0.0.1:5432/diplomatie').describe('PostgreSQL; each service uses its own schema in this database.'),
  NATS_URL: z.string().regex(/^(nats|tls):\/\//, 'must be a nats:// URL').default('nats://127.0.0.1:4222').describe('NATS with JetStream.'),
  /** Prefix of every subject and suffix of every stream: isolates test runs and environments sharing one NATS. */
  NATS_NAMESPACE: z.string().regex(/^[a-z0-9]*$/, 'lower-case letters and digits only').default('').describe('Prefix of every subject and suffix of every stream (tests, shared servers); empty in production.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Level of the JSON log lines on stdout.'),
  /** Run pending migrations at start-up (off in Kubernetes, where a Job runs them first). */
  MIGRATIONS_RUN: z.stringbool().default(true).describe('Run pending migrations at start-up; false where a Job runs `main.js --migrate-only` first.'),
  JETSTREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1).describe('Replicas of the JetStream streams a service creates: 3 on a 3-node NATS cluster, 1 on a single server.'),
  TENANT: z.string().default('diplomatie').describe('Tenant stamped on every event envelope.'),
});
export type BaseEnv = z.infer<typeof BaseEnv>;

export class InvalidEnvironmentError extends Error {}

/** Parses the environment; a bad value stops the process with a message naming each variable. */
export function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new InvalidEnvironmentError(`Invalid environment:\n${lines.join('\n')}`);
}
