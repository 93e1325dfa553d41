import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The request id: the client's `x-request-id` when well-formed, else a new one (Fastify's
 * `genReqId`, set by `createServiceApp`); the logger, NATS headers and the response share it.
 */
export function requestIdOf(request: FastifyRequest): string {
  return request.id;
}

/** Injects the request id, to hand to `RpcClient.request(..., { requestId })`. */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext) => requestIdOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
