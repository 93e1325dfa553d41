import { ApiUser } from './api-client';
import { randomSuffix } from './platform';

interface Publication {
  id: string;
  reference: string | null;
  status: string;
  subject: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ToHandle {
  publicationId: string;
  reference: string | null;
  assignment: { unitId: string; role: string; state: string };
}
interface SearchResult {
  items: { id: string; highlight: string }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The foundation's thin path, as users do it over HTTP against the six running services:
 * an agent at the embassy in Belgrade publishes a restricted telegram pour action to the
 * Balkans service; an agent of that service finds it in their journal and by search; the
 * unrelated agent, the other ministry and the journalist get 404 and find nothing.
 */
describe('thin path: a telegram from Belgrade to the Balkans service', () => {
  const marker = `Kragujevac${randomSuffix()}`; // a word no other document has, for search counts
  let julien: ApiUser, claire: ApiUser, marc: ApiUser, amina: ApiUser, paul: ApiUser, sophie: ApiUser;
  let telegram: Publication;
  let publishedAt: number;

  beforeAll(async () => {
    [julien, claire, marc, amina, paul, sophie] = await Promise.all(
      ['julien.bernard', 'claire.moreau', 'marc.lefevre', 'amina.diallo', 'paul.martin', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
  });

  it('knows who is calling', async () => {
    const me = await claire.get<{ kind: string; login: string; units: string[] }>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'agent', login: 'claire.moreau', units: ['meae-deur-balkans'] });
  });

  it('serves the directory units through the gateway', async () => {
    const units = await julien.get<{ items: { id: string; parentId: string | null }[] }>('/api/v1/units');
    expect(units.status).toBe(200);
    expect(units.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'meae-deur-balkans', parentId: 'meae-deur' }),
      expect.objectContaining({ id: 'amb-belgrade', parentId: 'meae' }),
    ]));
  });

  it('publishes a restricted telegram pour action to the Balkans service', async () => {
    const draft = await julien.post<Publication>('/api/v1/publications', {
      kind: 'telegram',
      subject: `Serbie — tensions autour des négociations énergétiques à ${marker}`,
      summary: 'Le gouvernement serbe conditionne la reprise du dialogue à un accord sur le transit gazier.',
      body:
        `<p>Résumé : à ${marker}, le ministre serbe de l’énergie a rappelé que les négociations avec la Commission ` +
        'sur les interconnexions gazières restaient suspendues.</p><p>Commentaire : une position française est attendue avant le Conseil.</p>',
      priority: 'urgent',
      country: 'RS',
      topics: ['serbie', 'energie'],
      classification: 'restricted',
      forAction: ['meae-deur-balkans'],
      forInformation: [],
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', reference: null });

    // A draft is its author's alone.
    expect((await claire.get(`/api/v1/publications/${draft.body.id}`)).status).toBe(404);

    publishedAt = Date.now();
    const published = await julien.post<Publication>(`/api/v1/publications/${draft.body.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect(published.body.reference).toMatch(/^AMB-BELGRADE-\d{4}-\d{6}$/);
    telegram = published.body;
  });

  it('reaches the action unit\'s journal (à traiter) within a second or so', async () => {
    const item = await eventually(async () => {
      const page = await claire.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
      return page.body.items.find((i) => i.publicationId === telegram.id);
    });
    const latencyMs = Date.now() - publishedAt;
    process.stdout.write(`publish → claire's à traiter: ${latencyMs} ms\n`);
    expect(item).toMatchObject({ reference: telegram.reference, assignment: { unitId: 'meae-deur-balkans', role: 'action', state: 'received' } });
    const headPage = await marc.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
    expect(headPage.body.items.map((i) => i.publicationId)).toContain(telegram.id);
  });

  it('is readable by its author and the action unit, and 404 for everyone else', async () => {
    for (const reader of [julien, claire, marc]) {
      const res = await reader.get<Publication>(`/api/v1/publications/${telegram.id}`);
      expect({ who: reader.login, status: res.status }).toEqual({ who: reader.login, status: 200 });
    }
    for (const outsider of [amina, paul, sophie]) {
      const res = await outsider.get<{ statusCode: number }>(`/api/v1/publications/${telegram.id}`);
      expect({ who: outsider.login, status: res.status }).toEqual({ who: outsider.login, status: 404 });
      expect(res.body.statusCode).toBe(404);
    }
  });

  it('is absent from the journals and lists of those who may not see it', async () => {
    for (const outsider of [amina, paul, sophie]) {
      const toHandle = await outsider.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
      expect(toHandle.body.items.map((i) => i.publicationId)).not.toContain(telegram.id);
      const interests = await outsider.get<Page<{ publicationId: string }>>('/api/v1/journal/interests?limit=100');
      expect(interests.body.items.map((i) => i.publicationId)).not.toContain(telegram.id);
      const list = await outsider.get<Page<Publication>>('/api/v1/publications?limit=100');
      expect(list.body.items.map((i) => i.id)).not.toContain(telegram.id);
    }
  });

  it('is found by search with another inflection, only by those who may see it', async () => {
    // The body says "négociations" and "interconnexions gazières"; search the singular, unaccented.
    const query = `/api/v1/search?q=${encodeURIComponent(`negociation ${marker}`)}`;
    const found = await eventually(async () => {
      const res = await claire.get<SearchResult>(query);
      return res.body.items.find((i) => i.id === telegram.id) ? res.body : undefined;
    });
    expect(found.total).toBe(1);
    expect(found.items[0].highlight).toContain('<mark>');
    for (const outsider of [amina, paul, sophie]) {
      const res = await outsider.get<SearchResult>(query);
      expect({ who: outsider.login, status: res.status, total: res.body.total }).toEqual({ who: outsider.login, status: 200, total: 0 });
    }
  });

  it('answers 401 without a token and 400 with details for an invalid telegram, writing nothing', async () => {
    expect((await ApiUser.anonymous().get('/api/v1/journal/to-handle')).status).toBe(401);
    const before = await julien.get<Page<Publication>>('/api/v1/publications?mine=true&limit=100');
    const bad = await julien.post<{ statusCode: number; details: { path: string }[] }>('/api/v1/publications', {
      kind: 'telegram', subject: 'Sans destinataire', classification: 'secret-defense', forAction: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(expect.arrayContaining(['classification', 'forAction']));
    const after = await julien.get<Page<Publication>>('/api/v1/publications?mine=true&limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
  });
});

describe('demo data', () => {
  it('is loaded: the Balkans service has demo telegrams to handle', async () => {
    const claire = await ApiUser.login('claire.moreau');
    const page = await claire.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
    expect(page.status).toBe(200);
    expect(page.body.items.filter((i) => i.reference?.startsWith('AMB-BELGRADE-')).length).toBeGreaterThan(0);
  });
});
