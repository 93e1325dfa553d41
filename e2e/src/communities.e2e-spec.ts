import { ApiUser } from './api-client';
import { randomSuffix } from './platform';

interface Outcome {
  communityId: string;
  agentId: string;
  standing: string;
}
interface CommunityPage {
  id: string;
  kind: string;
  archived: boolean;
  memberCount: number;
  myStanding: string;
  members: { items: { agentId: string; displayName: string; role: string }[]; nextCursor: string | null };
}

/**
 * Communities over HTTP, on communities of their own (the demo ones stay as other files expect):
 * an agent creates them; colleagues join, ask, get invited; a secret one does not exist for outsiders.
 */
describe('communities over HTTP', () => {
  const suffix = randomSuffix();
  const open = `revue-balkans-${suffix}`;
  const closed = `cellule-energie-${suffix}`;
  const secret = `veille-nord-kosovo-${suffix}`;
  let claire: ApiUser, marc: ApiUser, amina: ApiUser, julien: ApiUser, sophie: ApiUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [claire, marc, amina, julien, sophie] = await Promise.all(
      ['claire.moreau', 'marc.lefevre', 'amina.diallo', 'julien.bernard', 'sophie.laurent'].map((l) => ApiUser.login(l)),
    );
    for (const user of [claire, marc, amina, julien, sophie]) ids[user.login] = (await user.get<{ id: string }>('/api/v1/me')).body.id;
  });

  it('lets an agent create communities of each kind and be their owner; refuses bad input and taken ids', async () => {
    for (const [id, kind, partnersAllowed] of [[open, 'open', true], [closed, 'closed', false], [secret, 'secret', false]] as const) {
      const res = await claire.post<CommunityPage>('/api/v1/communities', { id, name: `Communauté ${id}`, kind, partnersAllowed, topics: ['serbie'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id, kind, archived: false, memberCount: 1, myStanding: 'owner' });
    }
    expect((await claire.post('/api/v1/communities', { id: open, name: 'Doublon', kind: 'open' })).status).toBe(409);
    const bad = await claire.post<{ details: { path: string }[] }>('/api/v1/communities', { id: 'Pas Un Code', name: '', kind: 'publique' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path).sort()).toEqual(['id', 'kind', 'name']);
    expect((await claire.post('/api/v1/communities', { id: `x-${suffix}`, name: 'Sujet inconnu', kind: 'open', topics: ['atlantide'] })).status).toBe(400);
    expect((await sophie.post('/api/v1/communities', { id: `presse-${suffix}`, name: 'Presse', kind: 'open' })).status).toBe(403);
  });

  it('keeps a secret community a 404 for non-members, in the list and by id, on every route', async () => {
    const listed = await amina.get<{ items: { id: string }[] }>('/api/v1/communities');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c) => c.id)).toEqual(expect.arrayContaining([open, closed]));
    expect(listed.body.items.map((c) => c.id)).not.toContain(secret);
    expect((await amina.get(`/api/v1/communities/${secret}`)).status).toBe(404);
    expect((await amina.post(`/api/v1/communities/${secret}/join`)).status).toBe(404);
    expect((await amina.get(`/api/v1/communities/${secret}/join-requests`)).status).toBe(404);
    expect((await amina.post(`/api/v1/communities/${secret}/invitation/accept`)).status).toBe(404);
    expect((await sophie.get(`/api/v1/communities/${secret}`)).status).toBe(404);
    expect((await claire.get<{ items: { id: string }[] }>('/api/v1/communities')).body.items.map((c) => c.id)).toContain(secret);
  });

  it('lets an invitee see the secret community, accept, and find it listed', async () => {
    expect((await amina.post(`/api/v1/communities/${secret}/invitations`, { agentId: ids['marc.lefevre'] })).status).toBe(404);
    const invited = await claire.post<Outcome>(`/api/v1/communities/${secret}/invitations`, { agentId: ids['marc.lefevre'] });
    expect(invited.status).toBe(201);
    expect(invited.body.standing).toBe('invited');
    expect((await marc.get<CommunityPage>(`/api/v1/communities/${secret}`)).body.myStanding).toBe('invited');
    expect((await marc.post<Outcome>(`/api/v1/communities/${secret}/invitation/accept`)).body.standing).toBe('member');
    expect((await marc.get<{ items: { id: string }[] }>('/api/v1/communities')).body.items.map((c) => c.id)).toContain(secret);
  });

  it('joins an open community at once and turns a closed one into a request the owner approves or rejects', async () => {
    const joined = await julien.post<Outcome>(`/api/v1/communities/${open}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.standing).toBe('member');
    expect((await julien.post(`/api/v1/communities/${open}/join`)).status).toBe(409);

    expect((await julien.post<Outcome>(`/api/v1/communities/${closed}/join`)).body.standing).toBe('requested');
    expect((await amina.post<Outcome>(`/api/v1/communities/${closed}/join`)).body.standing).toBe('requested');
    expect((await julien.get(`/api/v1/communities/${closed}/join-requests`)).status).toBe(403);
    const pending = await claire.get<{ items: { agentId: string }[] }>(`/api/v1/communities/${closed}/join-requests`);
    expect(pending.body.items.map((r) => r.agentId).sort()).toEqual([ids['julien.bernard'], ids['amina.diallo']].sort());
    expect((await claire.post<Outcome>(`/api/v1/communities/${closed}/join-requests/${ids['julien.bernard']}/approve`)).body.standing).toBe('member');
    expect((await claire.post<Outcome>(`/api/v1/communities/${closed}/join-requests/${ids['amina.diallo']}/reject`)).body.standing).toBe('none');
    expect((await claire.post(`/api/v1/communities/${closed}/join-requests/not-a-uuid/approve`)).status).toBe(400);
    const page = await claire.get<CommunityPage>(`/api/v1/communities/${closed}`);
    expect(page.body.members.items.map((m) => [m.displayName, m.role])).toEqual([['Claire Moreau', 'owner'], ['Julien Bernard', 'member']]);
  });

  it('admits a partner only where partners are allowed', async () => {
    expect((await sophie.post(`/api/v1/communities/${closed}/join`)).status).toBe(404);
    expect((await sophie.post<Outcome>(`/api/v1/communities/${open}/join`)).body.standing).toBe('member');
  });

  it("sets centres d'intérêt from the catalogue and visible communities, and follows or unfollows in one click", async () => {
    const original = (await julien.get<{ topics: string[]; communities: string[] }>('/api/v1/me/interests')).body;
    const topics = await julien.get<{ items: { id: string; synonyms: string[] }[] }>('/api/v1/topics');
    expect(topics.body.items.find((t) => t.id === 'serbie')?.synonyms).toContain('Serbia');
    const set = await julien.put<{ topics: string[]; communities: string[] }>('/api/v1/me/interests', { topics: ['kosovo'], communities: [open, closed] });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ topics: ['kosovo'], communities: [closed, open].sort() });
    const bad = await amina.put<{ details: { path: string }[] }>('/api/v1/me/interests', { topics: ['atlantide'], communities: [secret] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d) => d.path)).toEqual(['topics.0', 'communities.0']);
    expect((await julien.put<{ topics: string[] }>('/api/v1/me/interests/topics/serbie')).body.topics).toEqual(['kosovo', 'serbie']);
    expect((await julien.delete<{ topics: string[] }>('/api/v1/me/interests/topics/kosovo')).body.topics).toEqual(['serbie']);
    expect((await julien.delete<{ communities: string[] }>(`/api/v1/me/interests/communities/${closed}`)).body.communities).toEqual([open]);
    expect((await julien.get<{ topics: string[]; communities: string[] }>('/api/v1/me/interests')).body).toEqual({ topics: ['serbie'], communities: [open] });
    // The demo's interests back, as the other files expect them.
    expect((await julien.put('/api/v1/me/interests', original)).status).toBe(200);
  });

  it('searches people accent-insensitively; partners find only agents visible to partners', async () => {
    const found = await amina.get<{ items: { displayName: string }[]; nextCursor: string | null }>('/api/v1/people?q=helene%20ROUSSEAU');
    expect(found.status).toBe(200);
    expect(found.body.items.map((p) => p.displayName)).toEqual(['Hélène Rousseau']);
    expect((await amina.get('/api/v1/people?limit=0')).status).toBe(400);
    const sophieFinds = async () => (await sophie.get<{ items: { displayName: string }[] }>('/api/v1/people?q=moreau')).body.items.map((p) => p.displayName);
    expect(await sophieFinds()).toEqual([]);
    expect((await claire.put<{ visibleToPartners: boolean }>('/api/v1/me/profile', { visibleToPartners: true })).body.visibleToPartners).toBe(true);
    expect(await sophieFinds()).toEqual(['Claire Moreau']);
    expect((await sophie.get(`/api/v1/people/${ids['claire.moreau']}`)).status).toBe(200);
    expect((await claire.put('/api/v1/me/profile', { visibleToPartners: false })).status).toBe(200);
    expect((await sophie.get(`/api/v1/people/${ids['claire.moreau']}`)).status).toBe(404);
  });

  it('promotes, removes, transfers ownership, lets members leave and archives', async () => {
    const role = await claire.put<Outcome>(`/api/v1/communities/${open}/members/${ids['julien.bernard']}/role`, { role: 'moderator' });
    expect(role.status).toBe(200);
    expect(role.body.standing).toBe('moderator');
    expect((await claire.put(`/api/v1/communities/${open}/members/${ids['julien.bernard']}/role`, { role: 'owner' })).status).toBe(400);
    expect((await sophie.delete(`/api/v1/communities/${open}/members/${ids['julien.bernard']}`)).status).toBe(403);
    expect((await julien.delete<Outcome>(`/api/v1/communities/${open}/members/${ids['sophie.laurent']}`)).body.standing).toBe('none');
    expect((await claire.post(`/api/v1/communities/${open}/leave`)).status).toBe(409);
    expect((await claire.post<Outcome>(`/api/v1/communities/${open}/transfer-ownership`, { agentId: ids['julien.bernard'] })).body.standing).toBe('owner');
    expect((await claire.post<Outcome>(`/api/v1/communities/${open}/leave`)).body.standing).toBe('none');
    expect((await claire.post(`/api/v1/communities/${open}/archive`)).status).toBe(403);
    const archived = await julien.post<CommunityPage>(`/api/v1/communities/${open}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, memberCount: 1 });
    expect((await amina.post(`/api/v1/communities/${open}/join`)).status).toBe(409);
  });

  it("answers 403 pointing to the charter on every content route for a partner who has not accepted it", async () => {
    const thomas = await ApiUser.login('thomas.girard');
    for (const path of ['/api/v1/communities', '/api/v1/people?q=moreau', '/api/v1/units', '/api/v1/publications', '/api/v1/topics', `/api/v1/communities/presse-europe`]) {
      const res = await thomas.get<{ message: string; details: { charter: string } }>(path);
      expect({ path, status: res.status, charter: res.body.details?.charter }).toEqual({ path, status: 403, charter: '/api/v1/charter' });
      expect(res.body.message).toMatch(/charter/);
    }
    expect((await thomas.get('/api/v1/me')).status).toBe(200);
    const charter = await thomas.get<{ version: number; accepted: boolean; text: string }>('/api/v1/charter');
    expect(charter.status).toBe(200);
    expect(charter.body).toMatchObject({ accepted: false });
    expect(charter.body.text).toMatch(/Charte de sécurité/);
    expect((await thomas.post('/api/v1/charter/accept', { version: charter.body.version + 1 })).status).toBe(409);
    // sophie.laurent accepted it: she is served.
    expect((await sophie.get('/api/v1/communities')).status).toBe(200);
  });

  it('lets only administrators import (per row over HTTP) and deactivate; a deactivated account is refused at once', async () => {
    const admin = await ApiUser.login('admin');
    const payload = {
      units: [
        { id: `amb-tirana-${suffix}`, name: 'Ambassade de France en Albanie', kind: 'post', parentId: 'meae', country: 'AL' },
        { id: `amb-skopje-${suffix}`, name: 'Ambassade de France en Macédoine du Nord', kind: 'post', parentId: 'meae-inconnu', country: 'MK' },
      ],
    };
    expect((await claire.post('/api/v1/admin/directory/import', payload)).status).toBe(403);
    const imported = await admin.post<{ units: number; rejected: { path: string }[] }>('/api/v1/admin/directory/import', payload);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ units: 1, rejected: [{ path: 'units.1.parentId' }] });
    expect((await admin.post('/api/v1/admin/directory/import', { ...payload, mode: 'all_or_nothing' })).status).toBe(400);

    const luc = await ApiUser.login('luc.vidal');
    const lucId = (await luc.get<{ id: string }>('/api/v1/me')).body.id;
    expect((await claire.post(`/api/v1/admin/agents/${lucId}/deactivate`)).status).toBe(403);
    try {
      const off = await admin.post<{ active: boolean }>(`/api/v1/admin/agents/${lucId}/deactivate`);
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await luc.get('/api/v1/me')).status).toBe(403);
      expect((await luc.get('/api/v1/communities')).status).toBe(403);
      await expect(ApiUser.login('luc.vidal')).rejects.toThrow(/403/);
    } finally {
      expect((await admin.post(`/api/v1/admin/agents/${lucId}/reactivate`)).status).toBe(200);
    }
    expect((await luc.get('/api/v1/me')).status).toBe(200);
  });
});
