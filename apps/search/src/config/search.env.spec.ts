import { loadSearchEnv } from './search.env';

describe(loadSearchEnv.name, () => {
  const sut = loadSearchEnv;

  it('runs on PostgreSQL when OPENSEARCH_URL is unset or empty, with the OpenSearch defaults ready', () => {
    for (const source of [{}, { OPENSEARCH_URL: '' }]) {
      const env = sut(source);
      expect(env.OPENSEARCH_URL).toBeUndefined();
      expect(env).toMatchObject({ OPENSEARCH_INDEX_PREFIX: 'diplomatie', OPENSEARCH_REFRESH_INTERVAL: '1s', PORT: 3105 });
    }
  });

  it('reads the cluster settings', () => {
    expect(sut({ OPENSEARCH_URL: 'https://search:secret@opensearch.svc:9200', OPENSEARCH_INDEX_PREFIX: 'meae-prod', OPENSEARCH_REFRESH_INTERVAL: '500ms' })).toMatchObject({
      OPENSEARCH_URL: 'https://search:secret@opensearch.svc:9200', OPENSEARCH_INDEX_PREFIX: 'meae-prod', OPENSEARCH_REFRESH_INTERVAL: '500ms',
    });
  });

  it('stops on a bad value, naming the variable', () => {
    expect(() => sut({ OPENSEARCH_URL: 'nats://127.0.0.1:4222' })).toThrow(/OPENSEARCH_URL: must be an http\(s\):\/\/ URL/);
    expect(() => sut({ OPENSEARCH_INDEX_PREFIX: 'Diplomatie' })).toThrow(/OPENSEARCH_INDEX_PREFIX/);
    expect(() => sut({ OPENSEARCH_REFRESH_INTERVAL: 'souvent' })).toThrow(/OPENSEARCH_REFRESH_INTERVAL/);
  });
});
