import { ServiceName, StreamKey } from '@diplomatie/contracts';

export interface MessagingOptions {
  service: ServiceName;
  natsUrl: string;
  /** Prefix of subjects and suffix of stream names (empty in production). */
  namespace: string;
  tenant: string;
  /** Streams this service writes events to (through its outbox) or reads from. */
  streams: StreamKey[];
  /** The PostgreSQL schema holding this service's `outbox` and `processed_event` tables. */
  schema?: string;
  databaseUrl?: string;
  outbox?: { pollMs?: number; batchSize?: number };
  consumer?: { maxDeliver?: number; ackWaitMs?: number };
}
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
