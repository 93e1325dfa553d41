import { DynamicModule, Module, Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { SearchEnv } from '../config/search.env';
import { OPENSEARCH_OPTIONS, OpenSearchCluster, OpenSearchOptions, OpenSearchReadiness } from './opensearch/opensearch-cluster';
import { CatalogueTopic, indexNaming, synonymRules } from './opensearch/opensearch-index';
import { OpenSearchSearchBackend } from './opensearch/opensearch-search.backend';
import { PostgresSearchBackend } from './postgres/postgres-search.backend';
import { PublicationEventsConsumer } from './publication-events.consumer';
import { SearchBackend } from './search-backend';
import { SearchMessageController } from './search.message.controller';
import { SearchService } from './search.service';

/** `OPENSEARCH_URL` set: OpenSearch; unset: PostgreSQL full text, the embedded default. */
export function usesOpenSearch(env: SearchEnv): env is SearchEnv & { OPENSEARCH_URL: string } {
  return !!env.OPENSEARCH_URL;
}

/** The cluster's client and readiness, global so that the health module can check it. */
@Module({})
export class OpenSearchModule {
  static register(env: SearchEnv & { OPENSEARCH_URL: string }): DynamicModule {
    const options: OpenSearchOptions = {
      url: env.OPENSEARCH_URL,
      naming: indexNaming(env.OPENSEARCH_INDEX_PREFIX),
      refreshInterval: env.OPENSEARCH_REFRESH_INTERVAL,
      synonyms: env.SEARCH_TOPICS_FILE ? synonymRules(JSON.parse(readFileSync(env.SEARCH_TOPICS_FILE, 'utf8')) as CatalogueTopic[]) : [],
    };
    return {
      module: OpenSearchModule,
      global: true,
      providers: [{ provide: OPENSEARCH_OPTIONS, useValue: options }, OpenSearchCluster, OpenSearchReadiness],
      exports: [OpenSearchCluster, OpenSearchReadiness],
    };
  }
}

@Module({})
export class SearchModule {
  static register(env: SearchEnv): DynamicModule {
    const backend: Provider = usesOpenSearch(env)
      ? { provide: SearchBackend, useExisting: OpenSearchSearchBackend }
      : { provide: SearchBackend, useExisting: PostgresSearchBackend };
    return {
      module: SearchModule,
      imports: usesOpenSearch(env) ? [OpenSearchModule.register(env)] : [],
      controllers: [SearchMessageController],
      providers: [SearchService, PublicationEventsConsumer, usesOpenSearch(env) ? OpenSearchSearchBackend : PostgresSearchBackend, backend],
      exports: [SearchBackend],
    };
  }
}
