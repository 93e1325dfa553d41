import { AccessDescriptor } from '@diplomatie/contracts';
import { accessScope } from '@diplomatie/auth';
import { demoPrincipals } from '@diplomatie/testing';
import { MARK_END, MARK_START } from '../highlight';
import { criteriaOf } from '../query-syntax';
import { SearchDocument } from '../search-document';
import { OpenSearchCluster, OpenSearchReadiness } from './opensearch-cluster';
import { FRENCH_ELISIONS, indexNaming, synonymRules } from './opensearch-index';
import { OpenSearchSearchBackend } from './opensearch-search.backend';
import { OpenSearchStandIn, RecordedRequest } from './opensearch-stand-in';

const access: AccessDescriptor = {
  classification: 'restricted', status: 'published', authorId: '0190a000-0000-7000-8000-000000000001',
  units: ['amb-belgrade', 'meae-deur-balkans'], communities: ['balkans'], agents: [], ministries: [], partners: false,
};
function telegram(over: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: '0190a000-0000-7000-8000-0000000000aa', kind: 'telegram', reference: 'AMB-BELGRADE-2026-000001',
    subject: 'Serbie — négociations d’adhésion', summary: 'Le gouvernement veut rouvrir les négociations.',
    bodyText: 'La ministre a rappelé les critères de l’État de droit.', topics: ['serbie', 'elargissement'], communities: ['balkans'],
    emittingUnitId: 'amb-belgrade', forAction: ['meae-deur-balkans'], forInformation: ['meae-com'], priority: 'priority', country: 'RS',
    publishedAt: '2026-01-03T09:00:00.000Z', version: 2, access, ...over,
  };
}
const ok = (items: object[]) => ({ body: { took: 1, errors: false, items } });
const indexed = (status = 201) => ({ index: { _index: 'diplomatie-publications-v1', _id: 'x', status, result: 'created' } });

describe(OpenSearchSearchBackend.name, () => {
  let cluster: OpenSearchStandIn;
  let client: OpenSearchCluster;
  let sut: OpenSearchSearchBackend;

  beforeAll(async () => {
    cluster = await OpenSearchStandIn.start();
    const topics = [{ id: 'union-europeenne', label: 'Union européenne', synonyms: ['UE', 'EU'] }, { id: 'serbie', label: 'Serbie', synonyms: [] }];
    client = new OpenSearchCluster({ url: cluster.url, naming: indexNaming('diplomatie'), refreshInterval: '1s', synonyms: synonymRules(topics) });
    sut = new OpenSearchSearchBackend(client);
  });
  afterAll(async () => {
    await client.onApplicationShutdown();
    await cluster.stop();
  });
  beforeEach(() => cluster.reset());

  describe('start-up', () => {
    it('puts the index template, creates the first index behind the alias and sets refresh_interval', async () => {
      await sut.onModuleInit();
      expect(cluster.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /_index_template/diplomatie-publications',
        'HEAD /_alias/diplomatie-publications',
        'PUT /diplomatie-publications-v1',
        'PUT /diplomatie-publications/_settings',
      ]);
      const [template, , create, settings] = cluster.requests;
      expect(template.body).toMatchObject({
        index_patterns: ['diplomatie-publications-v*'],
        template: {
          settings: {
            index: { refresh_interval: '1s' },
            analysis: {
              filter: {
                french_elision: { type: 'elision', articles_case: true, articles: FRENCH_ELISIONS },
                french_stop: { type: 'stop', stopwords: '_french_' },
                french_stemmer: { type: 'stemmer', language: 'light_french' },
                topic_synonyms: { type: 'synonym_graph', synonyms: ['union europeenne, union européenne, ue, eu'] },
              },
              analyzer: {
                french_index: { tokenizer: 'standard', filter: ['french_elision', 'lowercase', 'french_stop', 'asciifolding', 'french_stemmer'] },
                french_search: { tokenizer: 'standard', filter: ['french_elision', 'lowercase', 'french_stop', 'asciifolding', 'topic_synonyms', 'french_stemmer'] },
              },
            },
          },
        },
      });
      const mappings = (template.body as { template: { mappings: { dynamic: string; properties: Record<string, { type: string; analyzer?: string }> } } }).template.mappings;
      expect(mappings.dynamic).toBe('strict');
      for (const field of ['kind', 'topics', 'communities', 'emitting_unit_id', 'priority', 'published_year', 'classification', 'status', 'author_id', 'access_units', 'access_communities', 'access_agents', 'access_ministries']) {
        expect([field, mappings.properties[field].type]).toEqual([field, 'keyword']);
      }
      for (const field of ['subject', 'summary', 'body_text']) {
        expect(mappings.properties[field]).toEqual({ type: 'text', analyzer: 'french_index', search_analyzer: 'french_search' });
      }
      expect(create.body).toEqual({ aliases: { 'diplomatie-publications': { is_write_index: true } } });
      expect(settings.body).toEqual({ index: { refresh_interval: '1s' } });
    });

    it('leaves an existing alias where it points', async () => {
      cluster.on('HEAD', '/_alias/diplomatie-publications', { status: 200 });
      await sut.onModuleInit();
      expect(cluster.find('PUT', '/diplomatie-publications-v1')).toEqual([]);
      expect(cluster.find('PUT', '/diplomatie-publications/_settings')).toHaveLength(1);
    });
  });

  describe('indexing', () => {
    it('sends concurrent writes in one bulk request, versioned externally, through the alias', async () => {
      cluster.on('POST', '/_bulk', ok([indexed(), { delete: { status: 200, result: 'deleted' } }]));
      await Promise.all([sut.index(telegram()), sut.remove('0190a000-0000-7000-8000-0000000000bb')]);
      const [bulk] = cluster.find('POST', '/_bulk');
      expect(cluster.find('POST', '/_bulk')).toHaveLength(1);
      expect(bulk.body).toEqual([
        { index: { _index: 'diplomatie-publications', _id: '0190a000-0000-7000-8000-0000000000aa', version: 2, version_type: 'external_gte' } },
        {
          id: '0190a000-0000-7000-8000-0000000000aa', kind: 'telegram', reference: 'AMB-BELGRADE-2026-000001',
          subject: 'Serbie — négociations d’adhésion', summary: 'Le gouvernement veut rouvrir les négociations.',
          body_text: 'La ministre a rappelé les critères de l’État de droit.', topics: ['serbie', 'elargissement'], communities: ['balkans'],
          emitting_unit_id: 'amb-belgrade', for_action: ['meae-deur-balkans'], for_information: ['meae-com'],
          routed_units: ['amb-belgrade', 'meae-deur-balkans', 'meae-com'], priority: 'priority', country: 'RS',
          published_at: '2026-01-03T09:00:00.000Z', published_year: '2026', version: 2,
          classification: 'restricted', status: 'published', author_id: access.authorId, access_units: access.units,
          access_communities: ['balkans'], access_agents: [], access_ministries: [], partners: false,
        },
        { delete: { _index: 'diplomatie-publications', _id: '0190a000-0000-7000-8000-0000000000bb' } },
      ]);
    });

    it('retries what the cluster rejects as overloaded, alone, then succeeds', async () => {
      let calls = 0;
      cluster.on('POST', '/_bulk', (request) => {
        calls++;
        const actions = (request.body as object[]).filter((_, i) => i % 2 === 0);
        if (calls === 1) return ok([indexed(), { index: { status: 429, error: { type: 'es_rejected_execution_exception' } } }]);
        return ok(actions.map(() => indexed()));
      });
      await Promise.all([sut.index(telegram()), sut.index(telegram({ id: '0190a000-0000-7000-8000-0000000000cc' }))]);
      const bulks = cluster.find('POST', '/_bulk');
      expect(bulks).toHaveLength(2);
      expect((bulks[1].body as { index: { _id: string } }[])[0].index._id).toBe('0190a000-0000-7000-8000-0000000000cc');
      expect(bulks[1].body).toHaveLength(2);
    });

    it('retries a whole request the cluster answered 503', async () => {
      let calls = 0;
      cluster.on('POST', '/_bulk', () => (++calls === 1 ? { status: 503, body: { error: 'unavailable' } } : ok([indexed()])));
      await sut.index(telegram());
      expect(calls).toBeGreaterThanOrEqual(2);
    });

    it('treats an older version and an absent document as done', async () => {
      cluster.on('POST', '/_bulk', ok([
        { index: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'current version [3] is higher' } } },
        { delete: { status: 404, result: 'not_found' } },
      ]));
      await expect(Promise.all([sut.index(telegram({ version: 1 })), sut.remove(telegram().id)])).resolves.toEqual([undefined, undefined]);
    });

    it('fails the write the cluster refuses for good, so that the event is redelivered', async () => {
      cluster.on('POST', '/_bulk', ok([{ index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse' } } }]));
      await expect(sut.index(telegram())).rejects.toThrow('400 mapper_parsing_exception');
    });
  });

  describe('queries', () => {
    const hit = (id: string, score: number, sort: (number | string)[]) => ({
      _id: id, _score: score, sort,
      _source: {
        id, kind: 'telegram', reference: 'AMB-BELGRADE-2026-000001', subject: 'Serbie — négociations <d’adhésion>', summary: 'Résumé',
        body_text: 'Texte', emitting_unit_id: 'amb-belgrade', priority: 'priority', published_at: '2026-01-03T09:00:00.000Z',
      },
      highlight: {
        subject: [`Serbie — ${MARK_START}négociations${MARK_END} <d’adhésion>`],
        body_text: [`des ${MARK_START}négociations${MARK_END} & du reste`],
      },
    });
    const answer = (hits: object[], total: number) => ({
      body: {
        hits: { total: { value: total, relation: 'eq' }, hits },
        aggregations: {
          kind: { buckets: [{ key: 'telegram', doc_count: total }] }, topic: { buckets: [{ key: 'serbie', doc_count: total }] },
          unit: { buckets: [] }, community: { buckets: [] }, priority: { buckets: [{ key: 'priority', doc_count: total }] },
          year: { buckets: [{ key: '2026', doc_count: total }] },
        },
      },
    });

    it('sends the text as scored clauses and access and filters as filters, and reads the answer', async () => {
      cluster.on('POST', '/diplomatie-publications/_search', answer([
        hit('0190a000-0000-7000-8000-000000000001', 3, [3, 1767430800000, '0190a000-0000-7000-8000-000000000001']),
        hit('0190a000-0000-7000-8000-000000000002', 1, [1, 1767430800000, '0190a000-0000-7000-8000-000000000002']),
      ], 5));
      const claire = demoPrincipals.claire();
      const criteria = criteriaOf({ q: 'négociations "état de droit" serbie or croatie -kosovo kind:telegram after:2026-01-01', topic: 'serbie', limit: 1 });
      const result = await sut.query(criteria, accessScope(claire));

      const [request] = cluster.find('POST', '/diplomatie-publications/_search');
      const fields = ['reference^4', 'subject^4', 'summary^2', 'body_text'];
      expect(request.body).toMatchObject({
        size: 2,
        track_total_hits: true,
        sort: [{ _score: 'desc' }, { published_at: 'desc' }, { id: 'desc' }],
        query: {
          bool: {
            must: [
              { multi_match: { query: 'négociations', fields, type: 'best_fields', operator: 'and' } },
              { multi_match: { query: 'état de droit', fields, type: 'phrase' } },
              { bool: { should: [{ multi_match: { query: 'serbie', fields } }, { multi_match: { query: 'croatie', fields } }], minimum_should_match: 1 } },
            ],
            must_not: [{ multi_match: { query: 'kosovo', fields } }],
            filter: [
              { bool: { should: expect.arrayContaining([{ term: { author_id: claire.id } }]), minimum_should_match: 1 } },
              { term: { kind: 'telegram' } },
              { term: { topics: 'serbie' } },
              { range: { published_at: { gte: '2026-01-01T00:00:00.000Z' } } },
            ],
          },
        },
        aggs: { kind: { terms: { field: 'kind', size: 50 } }, year: { terms: { field: 'published_year' } }, community: { terms: { field: 'communities' } } },
        highlight: { pre_tags: [MARK_START], post_tags: [MARK_END] },
      });

      expect(result.total).toBe(5);
      expect(result.items).toHaveLength(1);
      expect(result.items[0]).toMatchObject({
        subjectHighlight: 'Serbie — <mark>négociations</mark> &lt;d’adhésion&gt;',
        highlight: 'des <mark>négociations</mark> &amp; du reste',
        publishedAt: '2026-01-03T09:00:00.000000Z',
        score: 0.75,
      });
      expect(result.facets).toEqual({
        kind: [{ value: 'telegram', count: 5 }], topic: [{ value: 'serbie', count: 5 }], unit: [], community: [],
        priority: [{ value: 'priority', count: 5 }], year: [{ value: '2026', count: 5 }],
      });

      // The next page continues after the last hit's sort values, for this query only.
      await sut.query({ ...criteria, cursor: result.nextCursor ?? undefined }, accessScope(claire));
      const [, next] = cluster.find('POST', '/diplomatie-publications/_search');
      expect((next.body as { search_after: unknown }).search_after).toEqual([3, 1767430800000, '0190a000-0000-7000-8000-000000000001']);
      await expect(sut.query({ ...criteriaOf({ q: 'croatie', limit: 1 }), cursor: result.nextCursor ?? undefined }, accessScope(claire))).rejects.toThrow('cursor');
    });

    it('lists by date when the query has only operators', async () => {
      cluster.on('POST', '/diplomatie-publications/_search', answer([], 0));
      await sut.query(criteriaOf({ q: 'from:amb-belgrade', limit: 20 }), { kind: 'partner' });
      const [request] = cluster.find('POST', '/diplomatie-publications/_search') as (RecordedRequest & { body: Record<string, unknown> })[];
      expect(request.body['sort']).toEqual([{ published_at: 'desc' }, { id: 'desc' }]);
      expect(request.body['query']).toEqual({
        bool: {
          must: [],
          must_not: [],
          filter: [
            { bool: { filter: [{ term: { status: 'published' } }, { term: { classification: 'public' } }, { term: { partners: true } }] } },
            { term: { emitting_unit_id: 'amb-belgrade' } },
          ],
        },
      });
    });
  });

  describe(OpenSearchReadiness.name, () => {
    it('is up while the alias is not red, down otherwise', async () => {
      const readiness = new OpenSearchReadiness(client);
      cluster.on('GET', '/_cluster/health/diplomatie-publications', { body: { status: 'yellow' } });
      await expect(readiness.check(1_000)).resolves.toBeUndefined();
      cluster.on('GET', '/_cluster/health/diplomatie-publications', { body: { status: 'red' } });
      await expect(readiness.check(1_000)).rejects.toThrow('red');
    });
  });
});
