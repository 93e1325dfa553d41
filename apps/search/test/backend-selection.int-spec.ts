import { INestApplication } from '@nestjs/common';
import { disposeServiceTestEnv, serviceTestEnv, ServiceTestEnv, startInProcess } from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadSearchEnv } from '../src/config/search.env';
import { OpenSearchSearchBackend } from '../src/search/opensearch/opensearch-search.backend';
import { OpenSearchStandIn } from '../src/search/opensearch/opensearch-stand-in';
import { SearchBackend } from '../src/search/search-backend';

/**
 * With `OPENSEARCH_URL` set, the service runs on OpenSearch and its readiness includes the
 * cluster. No cluster can run here: the HTTP stand-in plays it (real PostgreSQL and NATS).
 */
describe('search service on OpenSearch', () => {
  let env: ServiceTestEnv;
  let cluster: OpenSearchStandIn;
  let app: INestApplication;

  beforeAll(async () => {
    env = await serviceTestEnv();
    cluster = await OpenSearchStandIn.start();
    app = await startInProcess(AppModule.register(loadSearchEnv({ ...env.env, OPENSEARCH_URL: cluster.url, OPENSEARCH_INDEX_PREFIX: 'meae' })));
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
    if (env) await disposeServiceTestEnv(env);
  });

  it('uses the OpenSearch backend and prepared its index at start-up', () => {
    expect(app.get(SearchBackend)).toBeInstanceOf(OpenSearchSearchBackend);
    expect(cluster.find('POST', '/_index_template/meae-publications')).toHaveLength(1);
    expect(cluster.find('PUT', '/meae-publications-v1')).toHaveLength(1);
  });

  it('is ready while the cluster is not red, and says so when it is', async () => {
    cluster.on('GET', '/_cluster/health/meae-publications', { body: { status: 'green' } });
    const up = await fetch(`${await app.getUrl()}/health/ready`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ details: { postgres: { status: 'up' }, nats: { status: 'up' }, opensearch: { status: 'up' } } });

    cluster.on('GET', '/_cluster/health/meae-publications', { body: { status: 'red' } });
    const down = await fetch(`${await app.getUrl()}/health/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ details: { opensearch: { status: 'down', message: 'index meae-publications is red' } } });
  });
});
