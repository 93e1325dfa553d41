import { z } from 'zod';
import { BaseEnv, parseEnv } from '@diplomatie/observability';

export const RoutingEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3102),
  ESCALATION_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000)
    .describe('How often overdue pour-action assignments are looked for and escalated; 0 turns the scan off (tests drive it).'),
  ESCALATION_PARENT_AFTER_MS: z.coerce.number().int().min(0).default(24 * 3_600_000)
    .describe('How long after escalating to the unit\'s head an assignment still open goes on to the parent unit\'s head.'),
});
export type RoutingEnv = ReturnType<typeof loadRoutingEnv>;

/** The only reader of process.env in this app. */
export function loadRoutingEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(RoutingEnv, source);
}
