import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode, Principal, PublishedPublication, SearchQuery, SearchResult } from '@diplomatie/contracts';
import { accessScope } from '@diplomatie/auth';
import { IndexContext, SearchBackend } from './search-backend';
import { searchDocumentOf } from './search-document';

@Injectable()
export class SearchService {
  constructor(private readonly backend: SearchBackend) {}

  /** Searches only what the caller may see: the backend applies the caller's access scope. */
  query(principal: Principal, query: SearchQuery): Promise<SearchResult> {
    if (query.from && query.to && Date.parse(query.to) < Date.parse(query.from)) {
      throw new AppError(ErrorCode.ValidationFailed, 'invalid request: to: must not precede from', [
        { path: 'to', message: 'must not precede from' },
      ]);
    }
    return this.backend.query(query, accessScope(principal));
  }

  async indexPublished(published: PublishedPublication, occurredAt: string, context: IndexContext): Promise<void> {
    await this.backend.index(searchDocumentOf(published, occurredAt), context);
  }
}
