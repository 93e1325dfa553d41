import { BaseEnv, parseEnv } from '@diplomatie/observability';

export const SearchEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3105),
});
export type SearchEnv = ReturnType<typeof loadSearchEnv>;

/** The only reader of process.env in this app. */
export function loadSearchEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(SearchEnv, source);
}
