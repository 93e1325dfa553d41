import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, Msg, NatsConnection, Subscription } from 'nats';
import { z } from 'zod';
import {
  AppError, ErrorCode, Principal, RequestContract, ResponseOf, RpcReplyEnvelope, validationError, InvalidCursorError,
} from '@diplomatie/contracts';
import { NatsService } from './nats.service';

const RPC_HANDLER = Symbol('RPC_HANDLER');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What a request carries besides its payload. */
export interface RpcContext {
  requestId: string;
  subject: string;
}

/** Marks a method as the handler of a request/reply subject: `(principal, data, ctx) => reply`. */
export const RpcHandler = (contract: RequestContract) => SetMetadata(RPC_HANDLER, contract);

const RequestEnvelope = z.object({ principal: Principal, data: z.unknown() });

/** Serves every `@RpcHandler` of the app on its subject, in a queue group per service. */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RpcServer.name);
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nats: NatsService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders().concat(this.discovery.getControllers())) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const method = instance[name] as (...args: unknown[]) => unknown;
        const contract = this.reflector.get<RequestContract | undefined>(RPC_HANDLER, method);
        if (contract) this.serve(contract, method.bind(instance));
      }
    }
  }

  private serve(contract: RequestContract, handler: (p: Principal, data: unknown, ctx: RpcContext) => unknown): void {
    const subject = this.nats.subject(contract.subject);
    const sub = this.nats.nc.subscribe(subject, {
      queue: this.nats.options.service,
      callback: (err, msg) => {
        if (err) return this.logger.error(`subscription ${subject}: ${err.message}`);
        void this.handle(contract, handler, msg);
      },
    });
    this.subscriptions.push(sub);
    this.logger.log(`serving ${contract.subject}`);
  }

  private async handle(
    contract: RequestContract,
    handler: (p: Principal, data: unknown, ctx: RpcContext) => unknown,
    msg: Msg,
  ): Promise<void> {
    const requestId = msg.headers?.get('x-request-id') || randomUUID();
    const started = performance.now();
    let reply: RpcReplyEnvelope;
    try {
      const envelope = RequestEnvelope.safeParse(JSON.parse(decoder.decode(msg.data)));
      if (!envelope.success) throw validationError(envelope.error, 'request envelope');
      const data = contract.request.safeParse(envelope.data.data);
      if (!data.success) throw validationError(data.error);
      const result = await handler(envelope.data.principal, data.data, { requestId, subject: contract.subject });
      // Validated on this end too: a service never answers outside its contract.
      const checked = contract.response.safeParse(result);
      if (!checked.success) {
        throw new Error(`reply of ${contract.subject} breaks its contract: ${checked.error.message}`);
      }
      reply = { ok: true, data: checked.data };
    } catch (error) {
      reply = { ok: false, error: toErrorBody(error, this.logger, { requestId, subject: contract.subject }) };
    }
    const ms = Math.round((performance.now() - started) * 10) / 10;
    this.logger.debug({ requestId, subject: contract.subject, ms, ok: reply.ok }, 'rpc handled');
    if (msg.reply) msg.respond(encoder.encode(JSON.stringify(reply)));
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Stop taking new requests; in-flight ones finish before the connection drains.
    await Promise.allSettled(this.subscriptions.map((s) => s.drain()));
  }
}

/** Turns anything thrown into a wire error; an unknown error gets an `errorId` that is also logged. */
export function toErrorBody(error: unknown, logger: Logger, context: Record<string, unknown>) {
  if (error instanceof AppError) return error.toBody();
  if (error instanceof InvalidCursorError) return new AppError(ErrorCode.ValidationFailed, error.message).toBody();
  const errorId = randomUUID();
  logger.error({ ...context, errorId, err: error }, `unexpected error ${errorId}: ${(error as Error)?.message}`);
  return { code: ErrorCode.Internal, message: `internal error ${errorId}`, errorId };
}

export interface RequestOptions {
  timeoutMs?: number;
  requestId?: string;
}

/** Sends one request: validated before sending and on reply, with a timeout; errors come back as `AppError`. */
export async function sendRequest<C extends RequestContract>(
  nc: NatsConnection,
  namespace: string,
  contract: C,
  principal: Principal,
  data: z.input<C['request']>,
  options: RequestOptions = {},
): Promise<ResponseOf<C>> {
  const parsed = contract.request.safeParse(data);
  if (!parsed.success) throw validationError(parsed.error);
  const h = natsHeaders();
  h.set('x-request-id', options.requestId ?? randomUUID());
  let raw: Msg;
  try {
    raw = await nc.request(
      namespace ? `${namespace}.${contract.subject}` : contract.subject,
      encoder.encode(JSON.stringify({ principal, data: parsed.data })),
      { timeout: options.timeoutMs ?? 5_000, headers: h },
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === '503' ? 'no instance is answering' : code === 'TIMEOUT' ? 'it did not answer in time' : (error as Error).message;
    throw new AppError(ErrorCode.Unavailable, `${contract.service} is unavailable: ${why}`);
  }
  const reply = RpcReplyEnvelope.parse(JSON.parse(decoder.decode(raw.data)));
  if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, reply.error.details, reply.error.errorId);
  const result = contract.response.safeParse(reply.data);
  if (!result.success) {
    throw new AppError(ErrorCode.Internal, `reply of ${contract.subject} breaks its contract: ${result.error.message}`);
  }
  return result.data as ResponseOf<C>;
}

/** The app's client for other services' request/reply subjects, on its own NATS connection. */
@Injectable()
export class RpcClient {
  constructor(private readonly nats: NatsService) {}

  request<C extends RequestContract>(
    contract: C,
    principal: Principal,
    data: z.input<C['request']>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<C>> {
    return sendRequest(this.nats.nc, this.nats.options.namespace, contract, principal, data, options);
  }
}
