import { INestApplication } from '@nestjs/common';
import { disposeServiceTestEnv, serviceTestEnv, startInProcess } from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadSearchEnv } from '../src/config/search.env';
import { OpenSearchCluster } from '../src/search/opensearch/opensearch-cluster';
import { OpenSearchSearchBackend } from '../src/search/opensearch/opensearch-search.backend';
import { PostgresSearchBackend } from '../src/search/postgres/postgres-search.backend';
import { SearchBackend } from '../src/search/search-backend';
import { describeSearchBackendContract } from './search-backend.contract';

// Always: the embedded default, on a fresh PostgreSQL database migrated by the service itself.
describeSearchBackendContract(PostgresSearchBackend.name, async () => {
  const env = await serviceTestEnv();
  let app: INestApplication | undefined;
  try {
    app = await startInProcess(AppModule.register(loadSearchEnv({ ...env.env, OPENSEARCH_URL: '' })));
  } catch (error) {
    await disposeServiceTestEnv(env);
    throw error;
  }
  const backend = app.get(SearchBackend);
  if (!(backend instanceof PostgresSearchBackend)) throw new Error(`expected ${PostgresSearchBackend.name}, got ${backend.constructor.name}`);
  return {
    backend,
    settle: async () => undefined,
    dispose: async () => {
      await app?.close();
      await disposeServiceTestEnv(env);
    },
  };
});

// Whenever a cluster is given: the production backend, on indices and a template of its own
// (prefix unique to the run), removed at the end. Not registered at all otherwise (see README).
const openSearchUrl = process.env['OPENSEARCH_URL'];
if (openSearchUrl) {
  describeSearchBackendContract(OpenSearchSearchBackend.name, async () => {
    const env = await serviceTestEnv();
    const prefix = `t${env.namespace}`;
    let app: INestApplication | undefined;
    try {
      app = await startInProcess(AppModule.register(loadSearchEnv({ ...env.env, OPENSEARCH_URL: openSearchUrl, OPENSEARCH_INDEX_PREFIX: prefix })));
    } catch (error) {
      await disposeServiceTestEnv(env);
      throw error;
    }
    const backend = app.get(SearchBackend);
    if (!(backend instanceof OpenSearchSearchBackend)) throw new Error(`expected ${OpenSearchSearchBackend.name}, got ${backend.constructor.name}`);
    const { client, options } = app.get(OpenSearchCluster);
    return {
      backend,
      settle: () => backend.refresh(),
      dispose: async () => {
        await client.indices.delete({ index: options.naming.pattern }).catch(() => undefined);
        await client.indices.deleteIndexTemplate({ name: options.naming.template }).catch(() => undefined);
        await app?.close();
        await disposeServiceTestEnv(env);
      },
    };
  });
}
