import { ApiUser } from './api-client';
import { randomSuffix } from './platform';

interface Publication {
  id: string;
  kind: string;
  reference: string | null;
  status: string;
  body: string;
  forAction: string[];
  addressees?: string[];
  recipient?: { name: string; organisation: string; address: string } | null;
  signatureRequired?: boolean;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ErrorBody {
  statusCode: number;
  message: string;
  details?: { path: string; message: string }[];
}

const note = (suffix: string) => ({
  kind: 'diplomatic_note',
  subject: `Note — éléments de langage sur le dialogue Belgrade–Pristina ${suffix}`,
  summary: 'Position française commune aux postes de la région avant le Conseil.',
  body: '<p>Les postes relaieront la position française.</p>',
  topics: ['serbie', 'kosovo'],
  classification: 'restricted',
  addressees: ['amb-belgrade', 'amb-zagreb'],
  forAction: ['amb-belgrade'],
  emittingUnitId: 'meae-deur-balkans',
});
const letter = (suffix: string, signatureRequired = false) => ({
  kind: 'formal_letter',
  subject: `Lettre au ministère serbe de l’intégration européenne — jumelage ${suffix}`,
  summary: 'Réponse à la demande de coopération administrative.',
  body: '<p>Madame la Ministre,</p><p>J’ai l’honneur d’accuser réception de votre lettre.</p>',
  classification: 'internal',
  recipient: { name: 'Mme Tanja Miščević', organisation: 'Ministère de l’intégration européenne', address: 'Nemanjina 34, 11000 Belgrade, Serbie' },
  ourReference: 'AMB-BEL/2026/117',
  theirReference: 'MEI-2026-0342',
  signatureRequired,
  forInformation: ['meae-deur-balkans'],
});
const post = (suffix: string, body = '<h2>Logistique</h2><ul><li>Accréditations trois semaines avant.</li></ul>') => ({
  kind: 'post',
  subject: `Retour d’expérience — visite ministérielle à Belgrade ${suffix}`,
  body,
  classification: 'restricted',
  communities: ['balkans'],
});

/** The four kinds of publication over HTTP, as their authors and readers use them. */
describe('publications: the four kinds over HTTP', () => {
  const suffix = randomSuffix();
  let julien: ApiUser, marc: ApiUser, claire: ApiUser, luc: ApiUser, paul: ApiUser, sophie: ApiUser;

  const mineCount = async (user: ApiUser) => (await user.get<Page<Publication>>('/api/v1/publications?mine=true&limit=100')).body.items.length;

  beforeAll(async () => {
    [julien, marc, claire, luc, paul, sophie] = await Promise.all(
      ['julien.bernard', 'marc.lefevre', 'claire.moreau', 'luc.vidal', 'paul.martin', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
  });

  it('publishes a diplomatic note from the Balkans service, read by its addressee post and hidden from others', async () => {
    const draft = await marc.post<Publication>('/api/v1/publications', note(suffix));
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ kind: 'diplomatic_note', addressees: ['amb-belgrade', 'amb-zagreb'] });
    const published = await marc.post<Publication>(`/api/v1/publications/${draft.body.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.reference).toMatch(/^MEAE-DEUR-BALKANS-\d{4}-\d{6}$/);
    expect((await luc.get(`/api/v1/publications/${draft.body.id}`)).status).toBe(200); // Zagreb, an addressee
    for (const outsider of [paul, sophie]) expect((await outsider.get(`/api/v1/publications/${draft.body.id}`)).status).toBe(404);
  });

  it('publishes a formal letter, and answers 409 for one that needs a signature first', async () => {
    const plain = await julien.post<Publication>('/api/v1/publications', letter(suffix));
    expect(plain.status).toBe(201);
    const sent = await julien.post<Publication>(`/api/v1/publications/${plain.body.id}/publish`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ kind: 'formal_letter', status: 'published', recipient: { name: 'Mme Tanja Miščević' } });

    const signed = await julien.post<Publication>('/api/v1/publications', letter(`${suffix}-signée`, true));
    expect(signed.status).toBe(201);
    const refused = await julien.post<ErrorBody>(`/api/v1/publications/${signed.body.id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('a signature circuit must complete first');
    expect((await julien.get<Publication>(`/api/v1/publications/${signed.body.id}`)).body.status).toBe('draft');
  });

  it('publishes a community post read by the community, with its body sanitised', async () => {
    const hostile = '<p onclick="steal()">Bilan</p><script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">lien</a>';
    const draft = await julien.post<Publication>('/api/v1/publications', post(suffix, hostile));
    expect(draft.status).toBe(201);
    expect(draft.body.body).toBe('<p>Bilan</p><a rel="noopener noreferrer nofollow">lien</a>');
    expect((await julien.post(`/api/v1/publications/${draft.body.id}/publish`)).status).toBe(200);
    const read = await claire.get<Publication>(`/api/v1/publications/${draft.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ kind: 'post', forAction: [] });
    expect((await paul.get(`/api/v1/publications/${draft.body.id}`)).status).toBe(404);
  });

  const invalid: [string, () => Record<string, unknown>, string[]][] = [
    ['a note without addressee nor unit pour action', () => ({ ...note(suffix), addressees: [], forAction: [] }), ['addressees', 'forAction']],
    ['a letter without recipient address', () => ({ ...letter(suffix), recipient: { name: 'M. Petrović', organisation: 'Ville de Novi Sad' } }), ['recipient.address']],
    ['a post without community and pour action', () => ({ ...post(suffix), communities: [], forAction: ['meae-deur-balkans'] }), ['communities', 'forAction']],
    ['a post with a field it does not have', () => ({ ...post(suffix), priority: 'flash' }), ['priority']],
  ];

  it.each(invalid)('answers 400 naming each field for %s, writing nothing', async (_what, body, fields) => {
    const author = body()['kind'] === 'diplomatic_note' ? marc : julien;
    const before = await mineCount(author);
    const res = await author.post<ErrorBody>('/api/v1/publications', body());
    expect(res.status).toBe(400);
    for (const field of fields) {
      expect(JSON.stringify(res.body.details)).toContain(field);
      expect(res.body.message).toContain(field);
    }
    expect(await mineCount(author)).toBe(before);
  });
});

interface Comment {
  id: string;
  parentId: string | null;
  body: string;
  deleted: boolean;
}
interface Audience {
  uniqueReaders: number;
  views: number;
  reach: number;
  normalisedAudience: number | null;
  comments: number;
  ratings: { count: number; mean: number | null };
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Readers of a telegram discuss it, rate it, and its author sees the audience. */
describe('publications: comments, ratings and audience over HTTP', () => {
  let julien: ApiUser, claire: ApiUser, marc: ApiUser, paul: ApiUser, sophie: ApiUser;
  let id: string;

  beforeAll(async () => {
    [julien, claire, marc, paul, sophie] = await Promise.all(
      ['julien.bernard', 'claire.moreau', 'marc.lefevre', 'paul.martin', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
    const draft = await julien.post<Publication>('/api/v1/publications', {
      kind: 'telegram',
      subject: `Serbie — entretien avec le ministre des affaires étrangères ${randomSuffix()}`,
      summary: 'Le ministre a confirmé le calendrier des réformes judiciaires.',
      body: '<p>Commentaire : un signal positif avant le Conseil.</p>',
      priority: 'priority',
      country: 'RS',
      classification: 'restricted',
      forAction: ['meae-deur-balkans'],
      forInformation: ['meae-com'],
    });
    id = draft.body.id;
    expect((await julien.post(`/api/v1/publications/${id}/publish`)).status).toBe(200);
  });

  it('counts views and unique readers, and relates them to the reach', async () => {
    await claire.get(`/api/v1/publications/${id}`);
    await claire.get(`/api/v1/publications/${id}`);
    await marc.get(`/api/v1/publications/${id}`);
    const res = await julien.get<Audience>(`/api/v1/publications/${id}/audience`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ uniqueReaders: 2, views: 3 });
    // The reach comes from the directory's events: Claire, Marc (pour action), Amina (pour information) at least.
    const audience = await eventually(async () => {
      const a = (await julien.get<Audience>(`/api/v1/publications/${id}/audience`)).body;
      return a.reach >= 3 ? a : undefined;
    });
    expect(audience.normalisedAudience).toBeCloseTo(2 / audience.reach, 3);
  });

  it('takes one rating per reader, changeable, and refuses the author’s own (403) and 7 stars (400)', async () => {
    expect((await claire.put(`/api/v1/publications/${id}/rating`, { stars: 3 })).status).toBe(200);
    const changed = await claire.put<{ stars: number; ratings: { count: number; mean: number } }>(`/api/v1/publications/${id}/rating`, { stars: 5 });
    expect(changed.body).toMatchObject({ stars: 5, ratings: { count: 1, mean: 5 } });
    expect((await marc.put(`/api/v1/publications/${id}/rating`, { stars: 4 })).body).toMatchObject({ ratings: { count: 2, mean: 4.5 } });
    const own = await julien.put<ErrorBody>(`/api/v1/publications/${id}/rating`, { stars: 5 });
    expect(own.status).toBe(403);
    expect(own.body.message).toBe('authors cannot rate their own publication');
    const bad = await claire.put<ErrorBody>(`/api/v1/publications/${id}/rating`, { stars: 7 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toContain('stars');
    expect((await julien.get<Audience>(`/api/v1/publications/${id}/audience`)).body.ratings).toEqual({ count: 2, mean: 4.5 });
  });

  it('keeps a one-level discussion that only authors edit and delete', async () => {
    const first = await claire.post<Comment>(`/api/v1/publications/${id}/comments`, { body: 'Merci, à relayer au cabinet.' });
    expect(first.status).toBe(201);
    const reply = await julien.post<Comment>(`/api/v1/publications/${id}/comments`, { body: 'Note complémentaire demain.', parentId: first.body.id });
    expect(reply.status).toBe(201);
    const deep = await marc.post<ErrorBody>(`/api/v1/publications/${id}/comments`, { body: 'Et ensuite ?', parentId: reply.body.id });
    expect(deep.status).toBe(400);

    expect((await marc.put(`/api/v1/publications/${id}/comments/${first.body.id}`, { body: 'Réécrit' })).status).toBe(403);
    const edited = await claire.put<Comment>(`/api/v1/publications/${id}/comments/${first.body.id}`, { body: 'Merci, relayé au cabinet.' });
    expect(edited.body.body).toBe('Merci, relayé au cabinet.');
    expect((await julien.delete(`/api/v1/publications/${id}/comments/${reply.body.id}`)).status).toBe(200);

    const list = await marc.get<Page<Comment>>(`/api/v1/publications/${id}/comments`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => c.id)).toEqual([first.body.id]);
    expect((await julien.get<Audience>(`/api/v1/publications/${id}/audience`)).body.comments).toBe(1);
  });

  it('ranks emitting units by normalised audience over a period', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await julien.get<{ items: { emittingUnitId: string; publications: number; uniqueReaders: number; reach: number; normalisedAudience: number | null }[] }>(
      `/api/v1/publications/audience-by-unit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(res.status).toBe(200);
    const belgrade = res.body.items.find((u) => u.emittingUnitId === 'amb-belgrade');
    expect(belgrade?.uniqueReaders).toBeGreaterThanOrEqual(2);
    const ratios = res.body.items.map((u) => u.normalisedAudience ?? -1);
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    expect((await julien.get(`/api/v1/publications/audience-by-unit?from=yesterday&to=${encodeURIComponent(to)}`)).status).toBe(400);
  });

  it('answers 404 to outsiders on comments, rating and audience', async () => {
    for (const outsider of [paul, sophie]) {
      expect((await outsider.get(`/api/v1/publications/${id}/comments`)).status).toBe(404);
      expect((await outsider.post(`/api/v1/publications/${id}/comments`, { body: 'Intrus' })).status).toBe(404);
      expect((await outsider.put(`/api/v1/publications/${id}/rating`, { stars: 1 })).status).toBe(404);
      expect((await outsider.get(`/api/v1/publications/${id}/audience`)).status).toBe(404);
    }
  });
});

interface Version {
  version: number;
  changedFields: string[];
}

/** An author corrects a published telegram, then withdraws it. */
describe('publications: versions and withdrawal over HTTP', () => {
  let julien: ApiUser, claire: ApiUser, amina: ApiUser;
  let id: string;

  beforeAll(async () => {
    [julien, claire, amina] = await Promise.all(['julien.bernard', 'claire.moreau', 'amina.diallo'].map((l) => ApiUser.login(l)));
    const draft = await julien.post<Publication>('/api/v1/publications', {
      kind: 'telegram',
      subject: `Serbie — calendrier électoral ${randomSuffix()}`,
      summary: 'Des élections anticipées sont évoquées.',
      body: '<p>Plusieurs sources l’évoquent.</p>',
      classification: 'restricted',
      forAction: ['meae-deur-balkans'],
    });
    id = draft.body.id;
    expect((await julien.post(`/api/v1/publications/${id}/publish`)).status).toBe(200);
  });

  it('makes version 2 on edit, with a readable history; a reader may not edit (403), a bad edit is a 400', async () => {
    const edited = await julien.patch<Publication & { version: number }>(`/api/v1/publications/${id}`, { summary: 'Des élections anticipées sont confirmées.', forInformation: ['meae-com'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, status: 'published' });
    expect((await amina.get(`/api/v1/publications/${id}`)).status).toBe(200); // meae-com now reads it
    const history = await claire.get<{ items: Version[] }>(`/api/v1/publications/${id}/versions`);
    expect(history.body.items.map((v) => [v.version, v.changedFields])).toEqual([[1, []], [2, ['summary', 'forInformation']]]);
    expect((await claire.patch(`/api/v1/publications/${id}`, { subject: 'Réécrit par une lectrice' })).status).toBe(403);
    const bad = await julien.patch<ErrorBody>(`/api/v1/publications/${id}`, { forAction: [], recipient: { name: 'x' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toContain('recipient');
  });

  it('withdraws it: its author still reads it, everyone else gets 404', async () => {
    const res = await julien.post<Publication>(`/api/v1/publications/${id}/withdraw`, { reason: 'Information non confirmée.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    expect((await julien.get<Publication>(`/api/v1/publications/${id}`)).body.status).toBe('withdrawn');
    for (const reader of [claire, amina]) {
      expect((await reader.get(`/api/v1/publications/${id}`)).status).toBe(404);
      expect((await reader.get(`/api/v1/publications/${id}/versions`)).status).toBe(404);
    }
    expect((await julien.post(`/api/v1/publications/${id}/withdraw`)).status).toBe(409);
  });
});
