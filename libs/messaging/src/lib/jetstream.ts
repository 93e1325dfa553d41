import { Logger } from '@nestjs/common';
import { DiscardPolicy, JetStreamManager, RetentionPolicy, StorageType, nanos } from 'nats';
import { Streams, StreamKey } from '@diplomatie/contracts';
import { NatsService } from './nats.service';

const DUPLICATE_WINDOW_MS = 2 * 60_000;

/** Creates the streams a service needs, idempotently; every service declares them the same way. */
export async function ensureStreams(nats: NatsService, keys: StreamKey[]): Promise<void> {
  const logger = new Logger('JetStream');
  const all = [...new Set<StreamKey>([...keys, 'deadLetter'])];
  for (const key of all) {
    const name = nats.streamName(key);
    const subjects = Streams[key].subjects.map((s) => nats.subject(s));
    await addOrKeep(nats.jsm, name, subjects, nats.options.streamReplicas ?? 1);
    logger.debug(`stream ${name} ready (${subjects.join(', ')})`);
  }
}

async function addOrKeep(jsm: JetStreamManager, name: string, subjects: string[], replicas: number): Promise<void> {
  try {
    await jsm.streams.info(name);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * 24 * 3600 * 1000),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: replicas,
    });
  } catch (error) {
    // Another replica created it between our info and add: that is the idempotent outcome.
    if (!/already in use/i.test(String((error as Error).message))) throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { err_code?: number }; message?: string };
  return e?.code === '404' || e?.api_error?.err_code === 10059 || e?.api_error?.err_code === 10014 || /not found/i.test(e?.message ?? '');
}
