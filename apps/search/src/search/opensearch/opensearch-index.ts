import { SearchDocument } from '../search-document';

/** Version of the mappings and analysis below: a change that needs a reindex bumps it. */
export const INDEX_VERSION = 1;

export interface IndexNaming {
  /** What queries and writes go through: `<prefix>-publications`. */
  alias: string;
  /** The concrete index of this version: `<prefix>-publications-v<N>`. */
  index: string;
  /** The template applies to every version: `<prefix>-publications-v*`. */
  template: string;
  pattern: string;
}

export function indexNaming(prefix: string, version = INDEX_VERSION): IndexNaming {
  const alias = `${prefix}-publications`;
  return { alias, index: `${alias}-v${version}`, template: alias, pattern: `${alias}-v*` };
}

/** A topic of the catalogue, as the directory import carries it. */
export interface CatalogueTopic {
  id: string;
  label: string;
  synonyms?: string[];
}

/**
 * Equivalence rules (Solr format) from the topics catalogue: the code, its label and its
 * synonyms all find each other ("UE" finds "Union européenne").
 */
export function synonymRules(topics: CatalogueTopic[]): string[] {
  return topics
    .map((t) => [t.id.replaceAll('-', ' '), t.label, ...(t.synonyms ?? [])].map((s) => s.replace(/[,=>]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase()))
    .map((terms) => [...new Set(terms.filter((s) => s.length > 0))])
    .filter((terms) => terms.length > 1)
    .map((terms) => terms.join(', '));
}

/** French articles and clitics that elide before a vowel: "l’État", "d’adhésion", "jusqu’à". */
export const FRENCH_ELISIONS = ['l', 'm', 't', 'qu', 'n', 's', 'j', 'd', 'c', 'jusqu', 'quoiqu', 'lorsqu', 'puisqu'];

export const TEXT_FIELDS = ['reference', 'subject', 'summary', 'body_text'] as const;

/**
 * The index template of every version of the publications index: the French analyzer chain and
 * the mappings. `french_index` (documents): standard tokenizer → elision → lowercase → French
 * stop words (before folding, so that "à", "été" are recognised) → asciifolding → light French
 * stemmer. `french_search` (queries) adds the catalogue's synonyms before stemming, so a
 * synonym list can change without reindexing the documents.
 */
export function indexTemplate(naming: IndexNaming, options: { refreshInterval: string; synonyms: string[] }): Record<string, unknown> {
  const searchFilters = ['french_elision', 'lowercase', 'french_stop', 'asciifolding', ...(options.synonyms.length ? ['topic_synonyms'] : []), 'french_stemmer'];
  const keyword = { type: 'keyword' };
  const text = { type: 'text', analyzer: 'french_index', search_analyzer: 'french_search' };
  return {
    index_patterns: [naming.pattern],
    priority: 100,
    version: INDEX_VERSION,
    _meta: { owner: 'search', description: 'Publications, French analysis, access fields (DESIGN §4)' },
    template: {
      settings: {
        index: { number_of_shards: 1, refresh_interval: options.refreshInterval },
        analysis: {
          filter: {
            french_elision: { type: 'elision', articles_case: true, articles: FRENCH_ELISIONS },
            french_stop: { type: 'stop', stopwords: '_french_' },
            french_stemmer: { type: 'stemmer', language: 'light_french' },
            ...(options.synonyms.length ? { topic_synonyms: { type: 'synonym_graph', lenient: true, synonyms: options.synonyms } } : {}),
          },
          analyzer: {
            french_index: { type: 'custom', tokenizer: 'standard', filter: ['french_elision', 'lowercase', 'french_stop', 'asciifolding', 'french_stemmer'] },
            french_search: { type: 'custom', tokenizer: 'standard', filter: searchFilters },
          },
        },
      },
      mappings: {
        dynamic: 'strict',
        properties: {
          id: keyword,
          kind: keyword,
          reference: { ...text, fields: { raw: keyword } },
          subject: text,
          summary: text,
          body_text: text,
          topics: keyword,
          communities: keyword,
          emitting_unit_id: keyword,
          for_action: keyword,
          for_information: keyword,
          routed_units: keyword,
          priority: keyword,
          country: keyword,
          published_at: { type: 'date', format: 'strict_date_optional_time' },
          published_year: keyword,
          version: { type: 'integer' },
          // The access descriptor, as keywords: the access filter is a bool query of term/terms/exists.
          classification: keyword,
          status: keyword,
          author_id: keyword,
          access_units: keyword,
          access_communities: keyword,
          access_agents: keyword,
          access_ministries: keyword,
          partners: { type: 'boolean' },
        },
      },
    },
  };
}

/** The indexed source of a document: the same fields and names as PostgreSQL's `search.document`. */
export function sourceOf(doc: SearchDocument): Record<string, unknown> {
  return {
    id: doc.id,
    kind: doc.kind,
    reference: doc.reference,
    subject: doc.subject,
    summary: doc.summary,
    body_text: doc.bodyText,
    topics: doc.topics,
    communities: doc.communities,
    emitting_unit_id: doc.emittingUnitId,
    for_action: doc.forAction,
    for_information: doc.forInformation,
    routed_units: [...new Set([doc.emittingUnitId, ...doc.forAction, ...doc.forInformation])],
    priority: doc.priority,
    country: doc.country,
    published_at: new Date(doc.publishedAt).toISOString(),
    published_year: String(new Date(doc.publishedAt).getUTCFullYear()),
    version: doc.version,
    classification: doc.access.classification,
    status: doc.access.status,
    author_id: doc.access.authorId,
    access_units: doc.access.units,
    access_communities: doc.access.communities,
    access_agents: doc.access.agents,
    access_ministries: doc.access.ministries,
    partners: doc.access.partners,
  };
}
