import { RequestMethod } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BootstrapOptions } from '@diplomatie/observability';
import { requestIdOf } from './request-id';

export const API_PREFIX = 'api/v1';
/** JSON bodies above 1 MB are refused with a 413 (attachments will stream through their own route). */
export const JSON_BODY_LIMIT = 1_048_576;

/** The gateway's HTTP set-up, shared by `main.ts` and the tests: `runService`/`startInProcess` options. */
export function gatewayHttpOptions(): Omit<BootstrapOptions, 'port'> {
  return { bodyLimit: JSON_BODY_LIMIT, configure: configureHttp };
}

export function configureHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', requestIdOf(request));
    void reply.header('x-content-type-options', 'nosniff');
  });
  // Fastify sends no x-powered-by; make sure nothing downstream adds one.
  fastify.addHook('onSend', async (_request, reply) => {
    reply.removeHeader('x-powered-by');
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health/*path', method: RequestMethod.ALL }] });
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, () => document, { jsonDocumentUrl: 'api/docs-json', customSiteTitle: 'Diplomatie API v1' });
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Diplomatie API')
    .setDescription(
      'Public API v1 of Diplomatie. JSON in camelCase; errors as `{ statusCode, error, message, details? }`; ' +
        'lists cursor-paginated as `{ items, nextCursor }`. Every route but the development IdP needs a bearer token. ' +
        'Send `x-request-id` to correlate logs; it is echoed (or generated) on every answer.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}
