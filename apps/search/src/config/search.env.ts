import { z } from 'zod';
import { BaseEnv, parseEnv } from '@diplomatie/observability';

/** An unset or empty variable reads as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const SearchEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3105),
  OPENSEARCH_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }))
    .describe('OpenSearch cluster (credentials may be in the URL). Unset: search runs on PostgreSQL full text, the embedded default.'),
  OPENSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"').default('diplomatie')
    .describe('Indices are `<prefix>-publications-v<N>` behind the alias `<prefix>-publications`.'),
  OPENSEARCH_REFRESH_INTERVAL: z.string().regex(/^(-1|\d+(ms|s|m))$/, 'an OpenSearch interval such as 1s, 500ms or -1').default('1s')
    .describe('`refresh_interval` of the publications index: how soon an indexed publication is searchable.'),
  SEARCH_TOPICS_FILE: optional(z.string())
    .describe('JSON file of the topics catalogue (`[{ id, label, synonyms }]`, as in the directory import): synonyms of the OpenSearch analyzer.'),
});
export type SearchEnv = ReturnType<typeof loadSearchEnv>;

/** The only reader of process.env in this app. */
export function loadSearchEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(SearchEnv, source);
}
