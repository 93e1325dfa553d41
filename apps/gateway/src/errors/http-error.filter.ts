import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode, InvalidCursorError } from '@diplomatie/contracts';
import { requestIdOf } from '../http/request-id';
import { httpErrorBody, HttpErrorBody } from './http-error-body';
import { httpStatusOf } from './http-status';

/** The challenge of RFC 6750: a 401 tells the client which scheme to use. */
export const BEARER_CHALLENGE = 'Bearer realm="diplomatie"';

/** Turns anything thrown into `{ statusCode, error, message, details? }`; never a stack trace. */
export function toHttpError(error: unknown, logger: Logger, context: { requestId: string; method: string; url: string }): HttpErrorBody {
  if (error instanceof AppError) {
    const status = httpStatusOf(error.code);
    if (status >= 500) logger.warn({ ...context, code: error.code, errorId: error.errorId }, `${status}: ${error.message}`);
    return httpErrorBody(status, error.message, error.details, error.errorId);
  }
  if (error instanceof InvalidCursorError) return httpErrorBody(httpStatusOf(ErrorCode.ValidationFailed), error.message);
  if (error instanceof HttpException) return fromHttpException(error);
  // Fastify's own refusals (body too large, malformed JSON, unsupported media type) carry their 4xx status.
  const fastifyStatus = (error as { statusCode?: unknown; code?: unknown } | undefined)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500 && String((error as { code?: unknown }).code).startsWith('FST_')) {
    return httpErrorBody(fastifyStatus, (error as Error).message);
  }
  const errorId = randomUUID();
  logger.error({ ...context, errorId, err: error }, `unexpected error ${errorId}: ${(error as Error)?.message}`);
  return httpErrorBody(500, `internal error ${errorId}`, undefined, errorId);
}

function fromHttpException(error: HttpException): HttpErrorBody {
  const status = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'string') return httpErrorBody(status, response);
  const { message, statusCode, ...rest } = response as Record<string, unknown>;
  // Nest's built-in pipes put a list of messages in `message`; other payloads (readiness) become details.
  if (Array.isArray(message)) return httpErrorBody(status, message.join('; '), message);
  const extra = Object.keys(rest).filter((key) => key !== 'error');
  const details = statusCode === undefined ? response : extra.length ? Object.fromEntries(extra.map((key) => [key, rest[key]])) : undefined;
  return httpErrorBody(status, typeof message === 'string' ? message : error.message, details);
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toHttpError(error, this.logger, { requestId: requestIdOf(request), method: request.method, url: request.url });
    if (body.statusCode === 401) reply.header('www-authenticate', BEARER_CHALLENGE);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
