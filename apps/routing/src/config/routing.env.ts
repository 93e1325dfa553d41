import { BaseEnv, parseEnv } from '@diplomatie/observability';

export const RoutingEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3102),
});
export type RoutingEnv = ReturnType<typeof loadRoutingEnv>;

/** The only reader of process.env in this app. */
export function loadRoutingEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(RoutingEnv, source);
}
