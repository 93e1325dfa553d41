import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { InvalidEnvironmentError } from './env';
import { requestIdFromHeaders } from './logging';

export interface BootstrapOptions {
  port: number;
  host?: string;
  /** Extra set-up of the HTTP app (gateway: prefix, OpenAPI, filters). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  bodyLimit?: number;
  /** What `main.js --migrate-only` runs instead of serving (the Kubernetes migration Job). */
  migrateOnly?: () => Promise<string[]>;
}

/** Builds a service's Nest app on Fastify with JSON logs and graceful shutdown on SIGTERM/SIGINT. */
export async function createServiceApp(module: unknown, options: Omit<BootstrapOptions, 'port'>): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module as never,
    // Fastify's request id (which middie hands to the logger) is the caller's x-request-id, not `req-1`.
    new FastifyAdapter({ bodyLimit: options.bodyLimit ?? 1_048_576, trustProxy: true, genReqId: requestIdFromHeaders }),
    // abortOnError off: a start-up failure is thrown to the caller (main.ts exits with a message; tests see it).
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await options.configure?.(app);
  return app;
}

/** `main.ts` of every app: build the environment, start, and exit with a readable message on failure. */
export async function runService(build: () => { module: unknown; options: BootstrapOptions }): Promise<INestApplication> {
  try {
    const { module, options } = build();
    if (process.argv.includes('--migrate-only')) {
      const applied = options.migrateOnly ? await options.migrateOnly() : [];
      process.stdout.write(`${JSON.stringify({ level: 30, msg: 'migrations applied', applied })}\n`);
      process.exit(0);
    }
    const app = await createServiceApp(module, options);
    await app.listen(options.port, options.host ?? '0.0.0.0');
    return app;
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      new NestLogger('bootstrap').error(`start-up failed: ${(error as Error).stack ?? error}`);
    }
    process.exit(1);
  }
}
