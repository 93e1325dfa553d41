import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { decodeCursor, encodeCursor, FacetBucket, InvalidCursorError, SearchHit, SearchResult } from '@diplomatie/contracts';
import { AccessScope } from '@diplomatie/auth';
import { accessPredicate, sqlParam } from '@diplomatie/persistence';
import { MARK_END, MARK_START, renderHighlight } from '../highlight';
import { criteriaHash, hasText, SearchCriteria, Term, TextQuery } from '../query-syntax';
import { IndexContext, SearchBackend } from '../search-backend';
import { SearchDocument } from '../search-document';

const CONFIG = `'search.french_unaccent'::regconfig`;
const FACET_SIZE = 50;
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MaxWords=30, MinWords=12, ShortWord=2, FragmentDelimiter=" … "`;
const SUBJECT_HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;

/**
 * Keyset cursor: the sort key of the last hit (rank and instant as PostgreSQL printed them, so
 * they compare exactly) and a hash of the query it belongs to. New documents indexed between two
 * pages never shift the walk into duplicates.
 */
const PgCursor = z.object({
  r: z.string().regex(/^[0-9.eE+-]+$/),
  p: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  i: z.uuid(),
  h: z.string(),
});
type PgCursor = z.infer<typeof PgCursor>;

interface ResultRow {
  total: number;
  /** Each hit with its highlights still raw, and its sort key as PostgreSQL printed it. */
  items: { hit: SearchHit; key: { r: string; p: string } }[];
  kind_facet: FacetBucket[];
  topic_facet: FacetBucket[];
  unit_facet: FacetBucket[];
  community_facet: FacetBucket[];
  priority_facet: FacetBucket[];
  year_facet: FacetBucket[];
}

/** The embedded default: PostgreSQL full text search over `search.document`. */
@Injectable()
export class PostgresSearchBackend implements SearchBackend {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async index(doc: SearchDocument, context: IndexContext = {}): Promise<void> {
    const runner = context.manager ?? this.dataSource.manager;
    await runner.query(
      `INSERT INTO search.document AS d (id, kind, reference, subject, summary, body_text, topics, communities,
         emitting_unit_id, for_action, for_information, priority, country, published_at, version,
         classification, status, author_id, access_units, access_communities, access_agents, access_ministries, partners)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       ON CONFLICT (id) DO UPDATE SET
         kind = EXCLUDED.kind, reference = EXCLUDED.reference, subject = EXCLUDED.subject, summary = EXCLUDED.summary,
         body_text = EXCLUDED.body_text, topics = EXCLUDED.topics, communities = EXCLUDED.communities,
         emitting_unit_id = EXCLUDED.emitting_unit_id, for_action = EXCLUDED.for_action,
         for_information = EXCLUDED.for_information, priority = EXCLUDED.priority, country = EXCLUDED.country,
         published_at = EXCLUDED.published_at, version = EXCLUDED.version, classification = EXCLUDED.classification,
         status = EXCLUDED.status, author_id = EXCLUDED.author_id, access_units = EXCLUDED.access_units,
         access_communities = EXCLUDED.access_communities, access_agents = EXCLUDED.access_agents,
         access_ministries = EXCLUDED.access_ministries, partners = EXCLUDED.partners, indexed_at = now()
       WHERE d.version <= EXCLUDED.version`,
      [
        doc.id, doc.kind, doc.reference, doc.subject, doc.summary, doc.bodyText, doc.topics, doc.communities,
        doc.emittingUnitId, doc.forAction, doc.forInformation, doc.priority, doc.country, doc.publishedAt, doc.version,
        doc.access.classification, doc.access.status, doc.access.authorId, doc.access.units, doc.access.communities,
        doc.access.agents, doc.access.ministries, doc.access.partners,
      ],
    );
  }

  async remove(id: string, context: IndexContext = {}): Promise<void> {
    await (context.manager ?? this.dataSource.manager).query(`DELETE FROM search.document WHERE id = $1`, [id]);
  }

  async query(criteria: SearchCriteria, scope: AccessScope): Promise<SearchResult> {
    const params: unknown[] = [];
    const param = sqlParam(params);
    const withText = hasText(criteria.text);
    const q = param(websearchOf(criteria.text));
    const filters = withText ? ['d.tsv @@ q.query'] : [];
    if (criteria.kinds.length) filters.push(`d.kind = ALL(${param(criteria.kinds)}::text[])`);
    if (criteria.topics.length) filters.push(`d.topics @> ${param(criteria.topics)}::text[]`);
    if (criteria.units.length) filters.push(`d.routed_units @> ${param(criteria.units)}::text[]`);
    if (criteria.emitters.length) filters.push(`d.emitting_unit_id = ALL(${param(criteria.emitters)}::text[])`);
    if (criteria.communities.length) filters.push(`d.communities @> ${param(criteria.communities)}::text[]`);
    if (criteria.from) filters.push(`d.published_at >= ${param(criteria.from)}::timestamptz`);
    if (criteria.to) filters.push(`d.published_at < ${param(criteria.to)}::timestamptz`);
    // The policy inside the query: what the caller may not see is never counted, faceted or paged.
    filters.push(accessPredicate(scope, 'd', params));
    // Without words (only operators), every match ranks alike and the newest come first.
    const rank = withText ? 'ts_rank_cd(d.tsv, q.query, 32)' : '0::real';

    const queryHash = criteriaHash(criteria);
    const after = decodeCursor(criteria.cursor, PgCursor);
    if (after && after.h !== queryHash) throw new InvalidCursorError();
    const keyset = after
      ? `WHERE (m.rank, m.published_at, m.id) < (${param(after.r)}::real, ${param(after.p)}::timestamptz, ${param(after.i)}::uuid)`
      : '';
    const limit = param(criteria.limit + 1);
    const headline = param(HEADLINE);
    const subjectHeadline = param(SUBJECT_HEADLINE);

    // One statement, so that hits, total and facets come from the same snapshot.
    const [row]: ResultRow[] = await this.dataSource.query(
      `WITH q AS (SELECT websearch_to_tsquery(${CONFIG}, ${q}) AS query),
       matched AS MATERIALIZED (
         SELECT d.id, d.kind, d.topics, d.communities, d.priority, d.emitting_unit_id, d.published_at, ${rank} AS rank
         FROM search.document d CROSS JOIN q
         WHERE ${filters.join('\n           AND ')}
       ),
       page AS (
         SELECT m.id, m.rank, m.published_at FROM matched m ${keyset}
         ORDER BY m.rank DESC, m.published_at DESC, m.id DESC
         LIMIT ${limit}
       )
       SELECT
         (SELECT count(*)::int FROM matched) AS total,
         (SELECT coalesce(json_agg(json_build_object('hit', json_build_object(
             'id', d.id, 'kind', d.kind, 'reference', d.reference, 'subject', d.subject, 'summary', d.summary,
             'emittingUnitId', d.emitting_unit_id, 'priority', d.priority,
             'publishedAt', to_char(d.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
             'score', p.rank,
             'highlight', ts_headline(${CONFIG}, concat_ws(E'\\n', nullif(d.summary, ''), nullif(d.body_text, '')), q.query, ${headline}),
             'subjectHighlight', ts_headline(${CONFIG}, d.subject, q.query, ${subjectHeadline})
           ), 'key', json_build_object(
             'r', p.rank::text,
             'p', to_char(d.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
           )) ORDER BY p.rank DESC, p.published_at DESC, p.id DESC), '[]'::json)
          FROM page p JOIN search.document d ON d.id = p.id CROSS JOIN q) AS items,
         (SELECT ${bucketsJson} FROM (
            SELECT m.kind AS value, count(*)::int AS count FROM matched m
            GROUP BY m.kind ORDER BY count DESC, value LIMIT ${FACET_SIZE}) f) AS kind_facet,
         (SELECT ${bucketsJson} FROM (
            SELECT t.value, count(*)::int AS count FROM matched m CROSS JOIN LATERAL unnest(m.topics) AS t(value)
            GROUP BY t.value ORDER BY count DESC, value LIMIT ${FACET_SIZE}) f) AS topic_facet,
         (SELECT ${bucketsJson} FROM (
            SELECT m.emitting_unit_id AS value, count(*)::int AS count FROM matched m
            GROUP BY m.emitting_unit_id ORDER BY count DESC, value LIMIT ${FACET_SIZE}) f) AS unit_facet,
         (SELECT ${bucketsJson} FROM (
            SELECT c.value, count(*)::int AS count FROM matched m CROSS JOIN LATERAL unnest(m.communities) AS c(value)
            GROUP BY c.value ORDER BY count DESC, value LIMIT ${FACET_SIZE}) f) AS community_facet,
         (SELECT ${bucketsJson} FROM (
            SELECT m.priority AS value, count(*)::int AS count FROM matched m
            GROUP BY m.priority ORDER BY count DESC, value LIMIT ${FACET_SIZE}) f) AS priority_facet,
         (SELECT ${bucketsJson} FROM (
            SELECT extract(year FROM m.published_at AT TIME ZONE 'UTC')::int::text AS value, count(*)::int AS count FROM matched m
            GROUP BY 1 ORDER BY count DESC, value LIMIT ${FACET_SIZE}) f) AS year_facet`,
      params,
    );

    const more = row.items.length > criteria.limit;
    const hits = more ? row.items.slice(0, criteria.limit) : row.items;
    const last = hits[hits.length - 1];
    const cursor: PgCursor | undefined = more && last ? { ...last.key, i: last.hit.id, h: queryHash } : undefined;
    return {
      items: hits.map(({ hit }) => ({
        ...hit,
        highlight: renderHighlight(hit.highlight),
        subjectHighlight: renderHighlight(hit.subjectHighlight),
      })),
      nextCursor: cursor ? encodeCursor(cursor) : null,
      total: row.total,
      facets: {
        kind: row.kind_facet, topic: row.topic_facet, unit: row.unit_facet,
        community: row.community_facet, priority: row.priority_facet, year: row.year_facet,
      },
    };
  }
}

const bucketsJson = `coalesce(json_agg(json_build_object('value', f.value, 'count', f.count) ORDER BY f.count DESC, f.value), '[]'::json)`;


/** The text part in `websearch_to_tsquery` syntax; terms never carry a double quote (the parser removes them). */
export function websearchOf(text: TextQuery): string {
  const term = (t: Term) => (t.phrase ? `"${t.text}"` : t.text);
  return [...text.groups.map((group) => group.map(term).join(' or ')), ...text.excluded.map((t) => `-${term(t)}`)].join(' ');
}
