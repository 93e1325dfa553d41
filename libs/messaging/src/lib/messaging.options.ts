import { ServiceName, StreamKey } from '@diplomatie/contracts';
import { BaseEnv } from '@diplomatie/observability';

export interface MessagingOptions {
  service: ServiceName;
  natsUrl: string;
  /** Prefix of subjects and suffix of stream names (empty in production). */
  namespace: string;
  tenant: string;
  /** Replicas of the streams this service creates (3 on a 3-node cluster). */
  streamReplicas?: number;
  /** Streams this service writes events to (through its outbox) or reads from. */
  streams: StreamKey[];
  /** The PostgreSQL schema holding this service's `outbox` and `processed_event` tables. */
  schema?: string;
  databaseUrl?: string;
  outbox?: { pollMs?: number; batchSize?: number };
  consumer?: { maxDeliver?: number; ackWaitMs?: number };
}
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** The connection settings every service reads the same way from its environment. */
export function natsSettingsFrom(env: BaseEnv): Pick<MessagingOptions, 'natsUrl' | 'namespace' | 'tenant' | 'streamReplicas'> {
  return { natsUrl: env.NATS_URL, namespace: env.NATS_NAMESPACE, tenant: env.TENANT, streamReplicas: env.JETSTREAM_REPLICAS };
}
