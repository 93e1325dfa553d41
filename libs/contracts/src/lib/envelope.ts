import { z } from 'zod';
import { Actor } from './principal';
import { IsoDateTime } from './common';

/** The envelope of every domain event on JetStream. `id` is a UUID v7 and the `Nats-Msg-Id`. */
export function envelopeOf<T extends z.ZodType>(data: T) {
  return z.object({
    id: z.uuid(),
    type: z.string(),
    version: z.number().int().positive(),
    occurredAt: IsoDateTime,
    actor: Actor,
    tenant: z.string(),
    data,
  });
}
export const EventEnvelope = envelopeOf(z.unknown());
export type EventEnvelope<T = unknown> = Omit<z.infer<typeof EventEnvelope>, 'data'> & { data: T };
