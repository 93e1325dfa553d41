import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { ReadinessCheck, withTimeout } from '@diplomatie/observability';
import { IndexNaming } from './opensearch-index';

export interface OpenSearchOptions {
  url: string;
  naming: IndexNaming;
  refreshInterval: string;
  /** Equivalence rules from the topics catalogue (see `synonymRules`). */
  synonyms: string[];
}
export const OPENSEARCH_OPTIONS = Symbol('OPENSEARCH_OPTIONS');

/** The service's one client of the cluster (official client: connection pool, retries on connection errors). */
@Injectable()
export class OpenSearchCluster implements OnApplicationShutdown {
  readonly client: Client;

  constructor(@Inject(OPENSEARCH_OPTIONS) readonly options: OpenSearchOptions) {
    this.client = new Client({ node: options.url, maxRetries: 3, requestTimeout: 10_000 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** Readiness of OpenSearch: the publications alias's health is not red, raced against a timeout. */
@Injectable()
export class OpenSearchReadiness implements ReadinessCheck {
  readonly name = 'opensearch';
  constructor(private readonly cluster: OpenSearchCluster) {}

  async check(timeoutMs: number): Promise<void> {
    const { body } = await withTimeout(
      this.cluster.client.cluster.health({ index: this.cluster.options.naming.alias, timeout: `${timeoutMs}ms` }, { requestTimeout: timeoutMs, maxRetries: 0 }),
      timeoutMs,
      'opensearch',
    );
    if (body.status === 'red') throw new Error(`index ${this.cluster.options.naming.alias} is red`);
  }
}
