import { SearchResult } from '@diplomatie/contracts';
import { AccessScope } from '@diplomatie/auth';
import { EntityManager } from 'typeorm';
import { SearchDocument } from './search-document';
import { SearchCriteria } from './query-syntax';

/** The event consumer's transaction, for a backend that lives in the service's own database. */
export interface IndexContext {
  manager?: EntityManager;
}

/**
 * The port every search engine implements (PostgreSQL full text, OpenSearch). Each applies the
 * access scope inside its own query, so that hidden documents change no hit, count or facet,
 * and owns the format of its cursors.
 */
export abstract class SearchBackend {
  /** Inserts or replaces the document (by id); indexing the same version twice changes nothing. */
  abstract index(doc: SearchDocument, context?: IndexContext): Promise<void>;
  /** Removes the document; removing an absent one is not an error. */
  abstract remove(id: string, context?: IndexContext): Promise<void>;
  /** The page of hits, `total` and facets of what matches `criteria` and `scope` allows. */
  abstract query(criteria: SearchCriteria, scope: AccessScope): Promise<SearchResult>;
}
