import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { AllEvents, AllRequests } from './catalog';
import { buildAsyncApiDocument } from './asyncapi';

describe('docs/asyncapi.yaml', () => {
  const root = resolve(__dirname, '../../../..');
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
  const published = parse(readFileSync(resolve(root, 'docs/asyncapi.yaml'), 'utf8')) as Record<string, Record<string, { address: string }>>;

  it('lists every subject of the contracts', () => {
    const addresses = Object.values(published['channels']).map((c) => c.address);
    for (const c of [...AllRequests, ...AllEvents]) expect(addresses).toContain(c.subject);
  });

  it('is exactly what the contracts generate (run `npm run asyncapi` after changing a contract)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument(version))));
  });
});
