import { ApiUser } from './api-client';
import { randomSuffix } from './platform';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Assignment {
  id: string;
  unitId: string;
  role: string;
  state: string;
  assigneeId: string | null;
  deadline: string | null;
}
interface AssignmentDetail extends Assignment {
  previousAssignmentId: string | null;
  answerPublicationId: string | null;
  history: { from: string | null; to: string; actor: { id: string }; reason: string | null; nextAssignmentId: string | null }[];
  chain: Assignment[];
}
interface ToHandle {
  publicationId: string;
  unread: boolean;
  assignment: Assignment;
}
interface Counts {
  byState: Record<string, number>;
  overdue: number;
  unread: number;
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
 * Pour action over HTTP: a telegram reaches the Balkans service, which acknowledges, starts, and
 * hands it over to the communication directorate with a reason; that one completes it with an
 * answer. Outsiders get 403 or 404, illegal moves 409, bad bodies 400.
 */
describe('routing: the pour-action workflow over HTTP', () => {
  const marker = randomSuffix();
  let julien: ApiUser, claire: ApiUser, marc: ApiUser, amina: ApiUser, camille: ApiUser, sophie: ApiUser;
  let claireId: string, aminaId: string;
  let publicationId: string;
  let assignmentId: string;

  beforeAll(async () => {
    [julien, claire, marc, amina, camille, sophie] = await Promise.all(
      ['julien.bernard', 'claire.moreau', 'marc.lefevre', 'amina.diallo', 'camille.roux', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
    claireId = (await claire.get<{ id: string }>('/api/v1/me')).body.id;
    aminaId = (await amina.get<{ id: string }>('/api/v1/me')).body.id;
    const draft = await julien.post<{ id: string }>('/api/v1/publications', {
      kind: 'telegram',
      subject: `Serbie — visite du ministre des affaires étrangères à Paris (${marker})`,
      summary: 'Belgrade propose une visite ministérielle avant la conférence intergouvernementale.',
      body: '<p>Résumé : le ministre serbe souhaite être reçu avant la fin du mois.</p><p>Commentaire : éléments de langage attendus.</p>',
      priority: 'urgent',
      country: 'RS',
      topics: ['serbie'],
      classification: 'internal',
      forAction: ['meae-deur-balkans'],
      forInformation: [],
    });
    expect(draft.status).toBe(201);
    publicationId = draft.body.id;
    expect((await julien.post(`/api/v1/publications/${publicationId}/publish`)).status).toBe(200);
    assignmentId = await eventually(async () => {
      const page = await claire.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
      return page.body.items.find((i) => i.publicationId === publicationId)?.assignment.id;
    });
  });

  it('lists it unread, counts it, and marks it read', async () => {
    const before = await claire.get<Counts>('/api/v1/journal/to-handle/counts?kind=telegram');
    expect(before.status).toBe(200);
    expect(before.body.byState['received']).toBeGreaterThanOrEqual(1);
    const item = (await claire.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100&kind=telegram&unit=meae-deur-balkans')).body.items
      .find((i) => i.publicationId === publicationId);
    expect(item).toMatchObject({ unread: true, assignment: { state: 'received', deadline: expect.any(String) } });

    const read = await claire.post<{ readAt: string }>(`/api/v1/journal/items/${publicationId}/read`);
    expect(read.status).toBe(200);
    const after = await claire.get<Counts>('/api/v1/journal/to-handle/counts?kind=telegram');
    expect(after.body.unread).toBe(before.body.unread - 1);
    expect((await sophie.post(`/api/v1/journal/items/${publicationId}/read`)).status).toBe(404);
    expect((await claire.get('/api/v1/journal/to-handle?overdue=maybe')).status).toBe(400);
  });

  it('answers 404 to who cannot see the publication and 403 to who sees it but is not of the unit', async () => {
    expect((await sophie.post(`/api/v1/assignments/${assignmentId}/acknowledge`)).status).toBe(404);
    expect((await sophie.get(`/api/v1/assignments/${assignmentId}`)).status).toBe(404);
    const forbidden = await camille.post<{ message: string }>(`/api/v1/assignments/${assignmentId}/acknowledge`);
    expect(forbidden.status).toBe(403);
    expect((await claire.post('/api/v1/assignments/not-a-uuid/acknowledge')).status).toBe(400);
  });

  it('goes received → acknowledged → in_progress, refusing an illegal move with 409', async () => {
    expect((await claire.post(`/api/v1/assignments/${assignmentId}/start`)).status).toBe(409);
    const acked = await claire.post<AssignmentDetail>(`/api/v1/assignments/${assignmentId}/acknowledge`, { assigneeId: claireId });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ state: 'acknowledged', assigneeId: claireId });
    expect((await claire.post(`/api/v1/assignments/${assignmentId}/acknowledge`)).status).toBe(409);
    const started = await marc.post<AssignmentDetail>(`/api/v1/assignments/${assignmentId}/start`);
    expect(started.status).toBe(200);
    expect(started.body.history.map((h) => h.to)).toEqual(['received', 'acknowledged', 'in_progress']);
  });

  it('reassigns with a mandatory reason; the new unit completes it with an answer', async () => {
    const noReason = await claire.post<{ details: { path: string }[] }>(`/api/v1/assignments/${assignmentId}/reassign`, { unitId: 'meae-com' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual([expect.objectContaining({ path: 'reason' })]);

    const reason = 'Demande d’éléments de langage : relève de la communication';
    const old = await claire.post<AssignmentDetail>(`/api/v1/assignments/${assignmentId}/reassign`, { unitId: 'meae-com', reason, assigneeId: aminaId });
    expect(old.status).toBe(200);
    expect(old.body.state).toBe('reassigned');
    expect(old.body.history.at(-1)).toMatchObject({ from: 'in_progress', to: 'reassigned', reason });
    const nextId = old.body.history.at(-1)?.nextAssignmentId as string;
    expect(old.body.chain.map((a) => [a.unitId, a.state])).toEqual([['meae-deur-balkans', 'reassigned'], ['meae-com', 'received']]);

    const inAminas = await eventually(async () => {
      const page = await amina.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
      return page.body.items.find((i) => i.assignment.id === nextId);
    });
    expect(inAminas.assignment).toMatchObject({ unitId: 'meae-com', state: 'received', assigneeId: aminaId });
    expect((await claire.post(`/api/v1/assignments/${nextId}/acknowledge`)).status).toBe(403);

    for (const step of ['acknowledge', 'start']) expect((await amina.post(`/api/v1/assignments/${nextId}/${step}`)).status).toBe(200);
    const answer = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const done = await amina.post<AssignmentDetail>(`/api/v1/assignments/${nextId}/complete`, { answerPublicationId: answer });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', answerPublicationId: answer, previousAssignmentId: assignmentId });
    expect((await claire.get<AssignmentDetail>(`/api/v1/assignments/${assignmentId}`)).body.chain.map((a) => a.state)).toEqual(['reassigned', 'done']);
  });
});

interface RoutingExplanation {
  publicationId: string;
  entries: { unitId: string; role: string; source: string; ruleName: string | null; assignmentId: string | null }[];
}

/** Administrators route by rules; whoever may see a publication can read why it went where. */
describe('routing: rules and their explanation over HTTP', () => {
  const marker = randomSuffix();
  let admin: ApiUser, luc: ApiUser, claire: ApiUser, isabelle: ApiUser, sophie: ApiUser;
  let ruleId: string | undefined;

  beforeAll(async () => {
    [admin, luc, claire, isabelle, sophie] = await Promise.all(
      ['admin', 'luc.vidal', 'claire.moreau', 'isabelle.fontaine', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
  });
  afterAll(async () => {
    // Rules apply to every later publication: leave none behind for the other files.
    if (ruleId) await admin.delete(`/api/v1/routing-rules/${ruleId}`);
  });

  it('lets administrators only maintain rules', async () => {
    const body = {
      name: `Croatie — énergie en urgence (${marker})`,
      match: { countries: ['HR'], priorities: ['flash'], topics: ['energie'] },
      forAction: ['meae-dgm-dde'],
      forInformation: ['minefi-tresor-europe'],
    };
    expect((await claire.post('/api/v1/routing-rules', body)).status).toBe(403);
    const bad = await admin.post<{ details: { path: string }[] }>('/api/v1/routing-rules', { ...body, forAction: [], forInformation: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ path: 'forAction' })]);

    const created = await admin.post<{ id: string; active: boolean }>('/api/v1/routing-rules', body);
    expect(created.status).toBe(201);
    ruleId = created.body.id;
    expect((await admin.post('/api/v1/routing-rules', body)).status).toBe(409);
    expect((await admin.get<{ items: { id: string }[] }>('/api/v1/routing-rules?limit=100')).body.items.map((r) => r.id)).toContain(ruleId);
    const renamed = await admin.put<{ name: string }>(`/api/v1/routing-rules/${ruleId}`, { ...body, name: `${body.name} — v2` });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe(`${body.name} — v2`);
    expect((await claire.get(`/api/v1/routing-rules/${ruleId}`)).status).toBe(403);
  });

  it('adds the rule\'s units to a matching telegram and explains who got it and why', async () => {
    const draft = await luc.post<{ id: string }>('/api/v1/publications', {
      kind: 'telegram',
      subject: `Croatie — incident sur le terminal GNL de Krk (${marker})`,
      summary: 'Les livraisons sont interrompues pour au moins quarante-huit heures.',
      body: '<p>Résumé : un incident technique interrompt les déchargements.</p>',
      priority: 'flash',
      country: 'HR',
      topics: ['energie'],
      classification: 'internal',
      forAction: ['meae-deur-balkans'],
      forInformation: [],
    });
    expect(draft.status).toBe(201);
    expect((await luc.post(`/api/v1/publications/${draft.body.id}/publish`)).status).toBe(200);

    const item = await eventually(async () => {
      const page = await isabelle.get<Page<ToHandle>>('/api/v1/journal/to-handle?limit=100');
      return page.body.items.find((i) => i.publicationId === draft.body.id);
    });
    expect(item.assignment).toMatchObject({ unitId: 'meae-dgm-dde', state: 'received' });

    const explained = await claire.get<RoutingExplanation>(`/api/v1/publications/${draft.body.id}/routing`);
    expect(explained.status).toBe(200);
    expect(explained.body.entries.map((e) => [e.role, e.unitId, e.source])).toEqual([
      ['action', 'meae-deur-balkans', 'addressing'],
      ['action', 'meae-dgm-dde', 'rule'],
      ['information', 'minefi-tresor-europe', 'rule'],
    ]);
    expect((await sophie.get(`/api/v1/publications/${draft.body.id}/routing`)).status).toBe(404);
  });

  it('deletes a rule', async () => {
    expect((await admin.delete(`/api/v1/routing-rules/${ruleId}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/routing-rules/${ruleId}`)).status).toBe(404);
    ruleId = undefined;
  });
});
