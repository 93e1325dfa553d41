import { ApiUser } from './api-client';
import { randomSuffix } from './platform';

interface Bucket {
  value: string;
  count: number;
}
interface SearchResult {
  items: { id: string; kind: string; subject: string; emittingUnitId: string; highlight: string; subjectHighlight: string }[];
  nextCursor: string | null;
  total: number;
  facets: Record<'kind' | 'topic' | 'unit' | 'community' | 'priority' | 'year', Bucket[]>;
}

const search = (user: ApiUser, q: string, extra = '') => user.get<SearchResult>(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
const sum = (buckets: Bucket[]) => buckets.reduce((n, b) => n + b.count, 0);

/**
 * Search over HTTP on the demo data (docs/demo-data.md), as the web client uses it: French
 * analysis, the query syntax's operators, and access inside the query — counts and facets
 * included. Other e2e files publish at the same time, so the assertions hold whatever else is
 * indexed: they rely on words only the demo telegrams carry, or on invariants.
 */
describe('search through the gateway', () => {
  let julien: ApiUser, claire: ApiUser, amina: ApiUser, paul: ApiUser, sophie: ApiUser;

  beforeAll(async () => {
    [julien, claire, amina, paul, sophie] = await Promise.all(
      ['julien.bernard', 'claire.moreau', 'amina.diallo', 'paul.martin', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
  });

  it('finds T1 (restricted) for its action unit with the elided, plural or unaccented word', async () => {
    // T1's body: "la politique d'élargissement"; "l'enlisement des négociations".
    const ids = new Set<string>();
    for (const q of ["l'élargissement enlisement", 'Elargissements enlisement', 'ÉLARGISSEMENT enlisement']) {
      const res = await search(claire, q);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items[0].subject).toMatch(/^Serbie — négociations d'adhésion/);
      ids.add(res.body.items[0].id);
    }
    expect(ids.size).toBe(1);
  });

  it('hides T1 from an unaddressed agent, another ministry and partners: no hit, no count, no facet', async () => {
    for (const outsider of [amina, paul, sophie]) {
      const res = await search(outsider, 'enlisement');
      expect({ who: outsider.login, status: res.status, total: res.body.total, items: res.body.items, kind: res.body.facets.kind }).toEqual({
        who: outsider.login, status: 200, total: 0, items: [], kind: [],
      });
    }
  });

  it('reads kind:, from: and after: as filters, and the facets count exactly the hits', async () => {
    const res = await search(claire, 'kind:telegram from:amb-belgrade after:2026-01-01', '&limit=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(3); // T1, T2, T3 at least
    expect(res.body.items.every((h) => h.kind === 'telegram' && h.emittingUnitId === 'amb-belgrade')).toBe(true);
    expect(res.body.facets.unit).toEqual([{ value: 'amb-belgrade', count: res.body.total }]);
    expect(res.body.facets.kind).toEqual([{ value: 'telegram', count: res.body.total }]);
    expect(sum(res.body.facets.year)).toBe(res.body.total);
    expect(sum(res.body.facets.priority)).toBe(res.body.total);
  });

  it('shows a partner only what is opened to partners, counts and facets included', async () => {
    // Two telegrams with a word no other document has: one public and opened to partners, one internal.
    const marker = `Smederevo${randomSuffix()}`;
    const draft = (classification: string, openToPartners: boolean, subject: string) => ({
      kind: 'telegram', subject: `${subject} ${marker}`, summary: 'Visite du port fluvial et des aciéries.',
      body: `<p>Les négociations sur la reprise de l'aciérie de ${marker} se poursuivent.</p>`,
      topics: ['serbie'], classification, openToPartners, forAction: ['meae-deur-balkans'],
    });
    const ids: string[] = [];
    for (const d of [draft('public', true, 'Serbie — visite à'), draft('internal', false, 'Serbie — entretien confidentiel à')]) {
      const created = await julien.post<{ id: string }>('/api/v1/publications', d);
      expect(created.status).toBe(201);
      expect((await julien.post(`/api/v1/publications/${created.body.id}/publish`)).status).toBe(200);
      ids.push(created.body.id);
    }
    const [opened, internal] = ids;
    const deadline = Date.now() + 10_000;
    while ((await search(claire, marker)).body.total < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const agentView = await search(claire, `négociations ${marker}`);
    expect(agentView.body.items.map((h) => h.id).sort()).toEqual([...ids].sort());
    const partnerView = await search(sophie, `négociations ${marker}`);
    expect(partnerView.status).toBe(200);
    expect(partnerView.body.items.map((h) => h.id)).toEqual([opened]);
    expect(partnerView.body.total).toBe(1);
    expect(partnerView.body.facets.kind).toEqual([{ value: 'telegram', count: 1 }]);
    expect(partnerView.body.items.map((h) => h.id)).not.toContain(internal);

    // Withdrawn: gone for everyone, from hits and counts.
    expect((await julien.post(`/api/v1/publications/${opened}/withdraw`, { reason: 'Diffusé par erreur' })).status).toBe(200);
    const until = Date.now() + 10_000;
    while ((await search(sophie, marker)).body.total > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect((await search(sophie, marker)).body).toMatchObject({ total: 0, items: [] });
    expect((await search(claire, marker)).body.items.map((h) => h.id)).toEqual([internal]);
  });

  it('walks the pages with the cursor, each hit once, the same total on every page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const res: { status: number; body: SearchResult } = await search(amina, 'serbie', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      total ??= res.body.total;
      expect(res.body.total).toBe(total);
      seen.push(...res.body.items.map((h) => h.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 200);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
  });

  it('answers 400 naming q for an operator it cannot read', async () => {
    const res = await claire.get<{ statusCode: number; details: { path: string }[] }>(`/api/v1/search?q=${encodeURIComponent('serbie kind:telex')}`);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'q' })]);
  });
});
