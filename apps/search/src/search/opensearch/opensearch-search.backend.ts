import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { API } from '@opensearch-project/opensearch';
import { SearchResult } from '@diplomatie/contracts';
import { AccessScope } from '@diplomatie/auth';
import { SearchCriteria } from '../query-syntax';
import { SearchBackend } from '../search-backend';
import { SearchDocument } from '../search-document';
import { BulkIndexer, BulkItemResult } from './bulk-indexer';
import { OpenSearchCluster } from './opensearch-cluster';
import { indexTemplate, sourceOf } from './opensearch-index';
import { OsSearchResponse, resultOf, searchBody } from './opensearch-query';

/**
 * The production backend: OpenSearch with the French analyzer chain of `indexTemplate`. Writes
 * and reads go through the alias `<prefix>-publications`, so a reindex into `-v<N+1>` swaps the
 * alias with no downtime. Writes are bulked (see `BulkIndexer`) and versioned externally by the
 * publication's version, so a redelivered or late older event never replaces a newer document.
 */
@Injectable()
export class OpenSearchSearchBackend implements SearchBackend, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OpenSearchSearchBackend.name);
  private readonly indexer: BulkIndexer;

  constructor(private readonly cluster: OpenSearchCluster) {
    this.indexer = new BulkIndexer({ send: (lines) => this.sendBulk(lines) });
  }

  /** Template first (it applies to indices created after it), then the first index behind the alias if there is none. */
  async onModuleInit(): Promise<void> {
    const { client, options } = this.cluster;
    const { naming } = options;
    await client.indices.putIndexTemplate({
      name: naming.template,
      body: indexTemplate(naming, { refreshInterval: options.refreshInterval, synonyms: options.synonyms }) as API.Indices_PutIndexTemplate_RequestBody,
    });
    const { body: exists } = await client.indices.existsAlias({ name: naming.alias });
    if (!exists) {
      try {
        await client.indices.create({ index: naming.index, body: { aliases: { [naming.alias]: { is_write_index: true } } } });
        this.logger.log(`created ${naming.index} behind ${naming.alias}`);
      } catch (error) {
        // Another replica created it first.
        if (!String((error as Error).message).includes('resource_already_exists_exception')) throw error;
      }
    }
    // Explicit on the live index too: the template only applies to indices it creates.
    await client.indices.putSettings({ index: naming.alias, body: { index: { refresh_interval: options.refreshInterval } } });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.indexer.drain();
  }

  index(doc: SearchDocument): Promise<void> {
    const { alias } = this.cluster.options.naming;
    return this.indexer.add({ action: { index: { _index: alias, _id: doc.id, version: doc.version, version_type: 'external_gte' } }, source: sourceOf(doc) });
  }

  remove(id: string): Promise<void> {
    return this.indexer.add({ action: { delete: { _index: this.cluster.options.naming.alias, _id: id } } });
  }

  async query(criteria: SearchCriteria, scope: AccessScope): Promise<SearchResult> {
    const body = searchBody(criteria, scope);
    const response = await this.cluster.client.search({ index: this.cluster.options.naming.alias, body: body as API.Search_RequestBody });
    return resultOf(response.body as unknown as OsSearchResponse, criteria);
  }

  /** Makes every write so far searchable now (tests, the end of a reindex); production relies on `refresh_interval`. */
  async refresh(): Promise<void> {
    await this.indexer.drain();
    await this.cluster.client.indices.refresh({ index: this.cluster.options.naming.alias });
  }

  private async sendBulk(lines: Record<string, unknown>[]): Promise<BulkItemResult[]> {
    const { body } = await this.cluster.client.bulk({ body: lines });
    return body.items.map((item) => Object.values(item)[0] as BulkItemResult);
  }
}
