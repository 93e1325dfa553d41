import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode, Principal, PublicationWithdrawn, PublishedPublication, SearchQuery, SearchResult } from '@diplomatie/contracts';
import { accessScope } from '@diplomatie/auth';
import { criteriaOf, QuerySyntaxError, SearchCriteria } from './query-syntax';
import { IndexContext, SearchBackend } from './search-backend';
import { searchDocumentOf } from './search-document';

@Injectable()
export class SearchService {
  constructor(private readonly backend: SearchBackend) {}

  /**
   * Searches only what the caller may see: the backend applies the caller's access scope. The
   * scope is computed from the principal of this very request, so a permission change (a member
   * leaving a community) holds from the next query on.
   */
  query(principal: Principal, query: SearchQuery): Promise<SearchResult> {
    if (query.from && query.to && Date.parse(query.to) < Date.parse(query.from)) {
      throw new AppError(ErrorCode.ValidationFailed, 'invalid request: to: must not precede from', [
        { path: 'to', message: 'must not precede from' },
      ]);
    }
    return this.backend.query(parseCriteria(query), accessScope(principal));
  }

  /** A first publication or a new version (`publication.updated.v1` carries the whole publication too). */
  async indexPublished(published: PublishedPublication, occurredAt: string, context: IndexContext): Promise<void> {
    await this.backend.index(searchDocumentOf(published, occurredAt), context);
  }

  /** A withdrawn publication leaves the index: it is found by no one, its author included. */
  async removeWithdrawn(withdrawn: PublicationWithdrawn, context: IndexContext): Promise<void> {
    await this.backend.remove(withdrawn.publication.id, context);
  }
}

function parseCriteria(query: SearchQuery): SearchCriteria {
  try {
    return criteriaOf(query);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new AppError(ErrorCode.ValidationFailed, `invalid request: q: ${error.message}`, [{ path: 'q', message: error.message }]);
  }
}
