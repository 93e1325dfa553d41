import { z } from 'zod';
import { CommunityId, IsoDateTime, PageRequest, TopicId, UnitId } from '../common';
import { defineRequest } from '../messages';
import { Priority, PublicationKind } from '../publications/publications.contracts';

export const SearchQuery = PageRequest.extend({
  q: z.string().trim().min(1, 'q must not be empty').max(500),
  kind: PublicationKind.optional(),
  topic: TopicId.optional(),
  unit: UnitId.optional(),
  community: CommunityId.optional(),
  from: IsoDateTime.optional(),
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
  /** Matching fragments with the matched words wrapped in `<mark>`. */
  highlight: z.string(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const FacetBucket = z.object({ value: z.string(), count: z.number().int() });
export const SearchResult = z.object({
  items: z.array(SearchHit),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  facets: z.object({ kind: z.array(FacetBucket), topic: z.array(FacetBucket), unit: z.array(FacetBucket) }),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchContracts = {
  query: defineRequest('search', 'publications.query', 1, 'Full-text search of the publications the caller may see, with facets.', SearchQuery, SearchResult),
} as const;
