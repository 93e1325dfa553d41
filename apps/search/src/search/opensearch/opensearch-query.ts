import { z } from 'zod';
import { decodeCursor, encodeCursor, FacetBucket, InvalidCursorError, SearchHit, SearchResult } from '@diplomatie/contracts';
import { AccessScope } from '@diplomatie/auth';
import { MARK_END, MARK_START, renderHighlight } from '../highlight';
import { criteriaHash, hasText, SearchCriteria, Term, TextQuery } from '../query-syntax';

/** A query clause of OpenSearch's DSL, as sent. */
export type Clause = Record<string, unknown>;

const FACET_SIZE = 50;
/** Subject and reference weigh most, then the summary, then the body (as PostgreSQL's A, B, C weights). */
const FIELDS = ['reference^4', 'subject^4', 'summary^2', 'body_text'];
export const FACETS = {
  kind: 'kind',
  topic: 'topics',
  unit: 'emitting_unit_id',
  community: 'communities',
  priority: 'priority',
  year: 'published_year',
} as const;

const term = (field: string, value: unknown): Clause => ({ term: { [field]: value } });
const terms = (field: string, values: string[]): Clause => ({ terms: { [field]: values } });

/**
 * The access scope as a bool query over the access fields, with the semantics of
 * `accessPredicate` (SQL) and `scopeAllows`: the author and named agents always; otherwise
 * published only, restricted content through an addressed unit the agent reaches or a shared
 * community, other content to every agent unless a ministries perimeter excludes them.
 * An empty `terms` matches nothing, as SQL's `&&` with an empty array; `exists` is false for an
 * empty array, as `cardinality(...) = 0`.
 */
export function accessFilter(scope: AccessScope): Clause {
  switch (scope.kind) {
    case 'everything':
      return { match_all: {} };
    case 'nothing':
      return { bool: { must_not: [{ match_all: {} }] } };
    case 'partner':
      return { bool: { filter: [term('status', 'published'), term('classification', 'public'), term('partners', true)] } };
    case 'agent':
      return {
        bool: {
          should: [
            term('author_id', scope.agentId),
            term('access_agents', scope.agentId),
            {
              bool: {
                filter: [
                  term('status', 'published'),
                  {
                    bool: {
                      should: [
                        {
                          bool: {
                            filter: [term('classification', 'restricted')],
                            should: [terms('access_units', scope.units), terms('access_communities', scope.communities)],
                            minimum_should_match: 1,
                          },
                        },
                        {
                          bool: {
                            must_not: [term('classification', 'restricted')],
                            should: [
                              { bool: { must_not: [{ exists: { field: 'access_ministries' } }] } },
                              terms('access_ministries', scope.ministries),
                              terms('access_units', scope.units),
                            ],
                            minimum_should_match: 1,
                          },
                        },
                      ],
                      minimum_should_match: 1,
                    },
                  },
                ],
              },
            },
          ],
          minimum_should_match: 1,
        },
      };
  }
}

/** The text part: each group a `should` of its terms, every group required, exclusions in `must_not`. */
export function textClauses(text: TextQuery): { must: Clause[]; must_not: Clause[] } {
  const match = (t: Term): Clause =>
    t.phrase
      ? { multi_match: { query: t.text, fields: FIELDS, type: 'phrase' } }
      : { multi_match: { query: t.text, fields: FIELDS, type: 'best_fields', operator: 'and' } };
  return {
    must: text.groups.map((group) => (group.length === 1 ? match(group[0]) : { bool: { should: group.map(match), minimum_should_match: 1 } })),
    must_not: text.excluded.map(match),
  };
}

/** The filters of the criteria, each a conjunction (every value must hold), as in the PostgreSQL backend. */
export function criteriaFilters(criteria: SearchCriteria): Clause[] {
  const filters: Clause[] = [];
  for (const kind of criteria.kinds) filters.push(term('kind', kind));
  for (const topic of criteria.topics) filters.push(term('topics', topic));
  for (const unit of criteria.units) filters.push(term('routed_units', unit));
  for (const emitter of criteria.emitters) filters.push(term('emitting_unit_id', emitter));
  for (const community of criteria.communities) filters.push(term('communities', community));
  if (criteria.from || criteria.to) {
    filters.push({ range: { published_at: { ...(criteria.from ? { gte: criteria.from } : {}), ...(criteria.to ? { lt: criteria.to } : {}) } } });
  }
  return filters;
}

/** search_after cursor: the sort values of the last hit and a hash of the query it belongs to. */
const OsCursor = z.object({ s: z.array(z.union([z.number(), z.string()])).min(2).max(3), h: z.string() });

/**
 * The whole search request: the access filter and the criteria in `filter` (so that a hidden
 * document counts nowhere: not in hits, `total` or the aggregations), the text in `must`
 * (scored), facets as terms aggregations over the same filtered set, highlights between
 * sentinels, and a search_after cursor on (score, published_at, id).
 */
export function searchBody(criteria: SearchCriteria, scope: AccessScope): Record<string, unknown> {
  const withText = hasText(criteria.text);
  const { must, must_not } = textClauses(criteria.text);
  const after = decodeCursor(criteria.cursor, OsCursor);
  if (after && after.h !== criteriaHash(criteria)) throw new InvalidCursorError();
  const sort = [...(withText ? [{ _score: 'desc' }] : []), { published_at: 'desc' }, { id: 'desc' }];
  if (after && after.s.length !== sort.length) throw new InvalidCursorError();
  return {
    size: criteria.limit + 1,
    track_total_hits: true,
    query: { bool: { must, must_not, filter: [accessFilter(scope), ...criteriaFilters(criteria)] } },
    sort,
    ...(after ? { search_after: after.s } : {}),
    _source: ['id', 'kind', 'reference', 'subject', 'summary', 'body_text', 'emitting_unit_id', 'priority', 'published_at'],
    aggs: Object.fromEntries(
      Object.entries(FACETS).map(([name, field]) => [name, { terms: { field, size: FACET_SIZE, order: [{ _count: 'desc' }, { _key: 'asc' }] } }]),
    ),
    highlight: {
      pre_tags: [MARK_START],
      post_tags: [MARK_END],
      fields: {
        subject: { number_of_fragments: 0 },
        summary: { fragment_size: 160, number_of_fragments: 2 },
        body_text: { fragment_size: 160, number_of_fragments: 2 },
      },
    },
  };
}

interface OsHit {
  _id: string;
  _score: number | null;
  _source: {
    id: string; kind: SearchHit['kind']; reference: string | null; subject: string; summary: string; body_text: string;
    emitting_unit_id: string; priority: SearchHit['priority']; published_at: string;
  };
  highlight?: Record<string, string[]>;
  sort: (number | string)[];
}
export interface OsSearchResponse {
  hits: { total: { value: number }; hits: OsHit[] };
  aggregations?: Record<string, { buckets: { key: string | number; key_as_string?: string; doc_count: number }[] }>;
}

/** The contract's result from OpenSearch's answer (hits beyond `limit` only tell that there is a next page). */
export function resultOf(response: OsSearchResponse, criteria: SearchCriteria): SearchResult {
  const withText = hasText(criteria.text);
  const more = response.hits.hits.length > criteria.limit;
  const hits = response.hits.hits.slice(0, criteria.limit);
  const last = hits[hits.length - 1];
  const facet = (name: keyof typeof FACETS): FacetBucket[] =>
    (response.aggregations?.[name]?.buckets ?? []).map((b) => ({ value: b.key_as_string ?? String(b.key), count: b.doc_count }));
  return {
    items: hits.map((hit) => {
      const s = hit._source;
      const fragments = [...(hit.highlight?.['summary'] ?? []), ...(hit.highlight?.['body_text'] ?? [])].slice(0, 2);
      return {
        id: s.id,
        kind: s.kind,
        reference: s.reference,
        subject: s.subject,
        summary: s.summary,
        emittingUnitId: s.emitting_unit_id,
        priority: s.priority,
        publishedAt: microseconds(s.published_at),
        highlight: renderHighlight(fragments.length ? fragments.join(' … ') : leadOf([s.summary, s.body_text].filter(Boolean).join('\n'))),
        subjectHighlight: renderHighlight(hit.highlight?.['subject']?.[0] ?? s.subject),
        // OpenSearch's BM25 score is unbounded; s / (1 + s) keeps the order and fits the contract's [0, 1).
        score: withText && hit._score ? hit._score / (1 + hit._score) : 0,
      };
    }),
    nextCursor: more && last ? encodeCursor({ s: last.sort, h: criteriaHash(criteria) }) : null,
    total: response.hits.total.value,
    facets: {
      kind: facet('kind'), topic: facet('topic'), unit: facet('unit'),
      community: facet('community'), priority: facet('priority'), year: facet('year'),
    },
  };
}

/** The same instant format as the PostgreSQL backend: UTC with six fractional digits. */
export function microseconds(iso: string): string {
  return new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Without a matching fragment, the beginning of the text (as `ts_headline` does). */
function leadOf(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, 30).join(' ') + (words.length > 30 ? ' …' : '');
}

