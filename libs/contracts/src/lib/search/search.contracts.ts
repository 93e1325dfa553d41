import { z } from 'zod';
import { CommunityId, IsoDateTime, PageRequest, TopicId, UnitId } from '../common';
import { defineRequest } from '../messages';
import { Priority, PublicationKind } from '../publications/publications.contracts';

export const SearchQuery = PageRequest.extend({
  /**
   * Web-search syntax, analysed in French: words (any inflection, accents and case ignored),
   * `"a phrase"`, `-word` to exclude, `or` between alternatives, and filters written in the
   * query: `kind:telegram`, `topic:serbie`, `from:amb-belgrade` (emitting unit),
   * `after:2026-01-01` (published on or after that day, UTC), `before:2026-02-01` (before that
   * day). Operators add to the parameters below (both must hold). A query of operators only
   * lists the matching publications, newest first.
   */
  q: z.string().trim().min(1, 'q must not be empty').max(500),
  kind: PublicationKind.optional(),
  topic: TopicId.optional(),
  /** Publications emitted by this unit or addressed to it (pour action or pour information). */
  unit: UnitId.optional(),
  community: CommunityId.optional(),
  /** Published at or after this instant (inclusive). */
  from: IsoDateTime.optional(),
  /** Published before this instant (exclusive); must not precede `from`. */
  to: IsoDateTime.optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z.object({
  id: z.uuid(),
  kind: PublicationKind,
  reference: z.string().nullable(),
  subject: z.string(),
  summary: z.string(),
  emittingUnitId: UnitId,
  priority: Priority,
  publishedAt: IsoDateTime,
  /**
   * Matching fragments of the summary and body: HTML-escaped text whose only markup is
   * `<mark>`…`</mark>` around the matched words, safe to insert as HTML.
   */
  highlight: z.string(),
  /** The whole subject, HTML-escaped, with the matched words in `<mark>`…`</mark>`. */
  subjectHighlight: z.string(),
  /** Relevance in [0, 1): higher is better; comparable only within one query. */
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const FacetBucket = z.object({ value: z.string(), count: z.number().int() });
export type FacetBucket = z.infer<typeof FacetBucket>;
/**
 * Hits in relevance order (then newest first), with `total` and facets counted over every
 * publication that matches the query and filters and that the caller may see.
 */
export const SearchResult = z.object({
  items: z.array(SearchHit),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  /** Buckets by count (descending) then value, at most 50 per facet; `unit` is the emitting unit. */
  facets: z.object({
    kind: z.array(FacetBucket),
    topic: z.array(FacetBucket),
    unit: z.array(FacetBucket),
    /** Communities the publications are shared with. */
    community: z.array(FacetBucket).default([]),
    priority: z.array(FacetBucket).default([]),
    /** Year of publication (UTC), e.g. `2026`. */
    year: z.array(FacetBucket).default([]),
  }),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchContracts = {
  query: defineRequest('search', 'publications.query', 1, 'Full-text search of the publications the caller may see, with facets.', SearchQuery, SearchResult),
} as const;
