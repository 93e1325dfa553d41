import { z } from 'zod';

export type ServiceName = 'gateway' | 'publications' | 'routing' | 'communities' | 'signature' | 'search';

/** JetStream streams, one per producing service; each captures `<service>.>` event subjects. */
export const Streams = {
  publications: { name: 'PUBLICATIONS', subjects: ['publications.>'] },
  communities: { name: 'COMMUNITIES', subjects: ['communities.>'] },
  routing: { name: 'ROUTING', subjects: ['routing.>'] },
  signature: { name: 'SIGNATURE', subjects: ['signature.>'] },
  deadLetter: { name: 'DEADLETTER', subjects: ['deadletter.>'] },
} as const;
export type StreamKey = keyof typeof Streams;

export interface RequestContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly service: ServiceName;
  /** `rpc.<service>.<entity>.<action>.v<n>`: never captured by a stream. */
  readonly subject: string;
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
}

export interface EventContract<D extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly service: Exclude<ServiceName, 'gateway' | 'search'>;
  /** `<service>.<type>.v<version>`, captured by the service's stream. */
  readonly subject: string;
  /** `<entity>.<event>`, e.g. `publication.published`. */
  readonly type: string;
  readonly version: number;
  readonly summary: string;
  readonly data: D;
}

export type RequestOf<C> = C extends RequestContract<infer Req, z.ZodType> ? z.input<Req> : never;
export type ParsedRequestOf<C> = C extends RequestContract<infer Req, z.ZodType> ? z.output<Req> : never;
export type ResponseOf<C> = C extends RequestContract<z.ZodType, infer Res> ? z.output<Res> : never;
export type EventDataOf<C> = C extends EventContract<infer D> ? z.output<D> : never;

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  service: ServiceName,
  name: string,
  version: number,
  summary: string,
  request: Req,
  response: Res,
): RequestContract<Req, Res> {
  return { kind: 'request', service, subject: `rpc.${service}.${name}.v${version}`, summary, request, response };
}

export function defineEvent<D extends z.ZodType>(
  service: EventContract['service'],
  type: string,
  version: number,
  summary: string,
  data: D,
): EventContract<D> {
  return { kind: 'event', service, subject: `${service}.${type}.v${version}`, type, version, summary, data };
}

export function streamOf(contract: EventContract): StreamKey {
  return contract.service;
}
