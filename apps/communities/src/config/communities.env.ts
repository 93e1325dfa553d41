import { BaseEnv, parseEnv } from '@diplomatie/observability';

export const CommunitiesEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3103),
});
export type CommunitiesEnv = ReturnType<typeof loadCommunitiesEnv>;

/** The only reader of process.env in this app. */
export function loadCommunitiesEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(CommunitiesEnv, source);
}
