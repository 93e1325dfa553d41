import { z } from 'zod';
import { BaseEnv, parseEnv } from '@diplomatie/observability';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const PublicationsEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3101),
  /** The year of a reference (`AMB-BELGRADE-2026-000042`) is the publication's year in this zone. */
  REFERENCE_TIME_ZONE: z.string().default('Europe/Paris').refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
});
export type PublicationsEnv = ReturnType<typeof loadPublicationsEnv>;

/** The only reader of process.env in this app. */
export function loadPublicationsEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(PublicationsEnv, source);
}
