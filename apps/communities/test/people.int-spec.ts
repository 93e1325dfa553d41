import { INestApplication } from '@nestjs/common';
import { DirectoryContracts, Principal } from '@diplomatie/contracts';
import {
  RpcTestClient, servicePrincipal, ServiceTestEnv, appErrorOf, demoDirectory, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadCommunitiesEnv } from '../src/config/communities.env';

const directory = demoDirectory();


/** The searchable directory through the service's NATS API, on the demo directory. */
describe('people search', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  const service = servicePrincipal('demo-seed');
  const who: Record<string, Principal> = {};
  const C = DirectoryContracts;

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadCommunitiesEnv(vars))));
    await rpc.request(C.importDirectory, service, directory);
    for (const login of ['claire.moreau', 'amina.diallo', 'sophie.laurent', 'thomas.girard']) {
      const { id } = await rpc.request(C.resolveLogin, service, { login });
      who[login.split('.')[0]] = await rpc.request(C.principal, service, { agentId: id });
    }
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  const names = async (as: Principal, q: string) => (await rpc.request(C.searchPeople, as, { q })).items.map((p) => p.displayName);

  it('finds people by name whatever the accents and case', async () => {
    expect(await names(who.amina, 'helene')).toEqual(['Hélène Rousseau']);
    expect(await names(who.amina, 'LEFEVRE')).toEqual(['Marc Lefèvre']);
    expect(await names(who.amina, 'Hélène rousseau')).toEqual(['Hélène Rousseau']);
  });

  it('finds people by title and by the names of their units, every word having to match', async () => {
    expect(await names(who.amina, 'balkans')).toEqual(['Marc Lefèvre', 'Paul Martin', 'Claire Moreau']);
    expect(await names(who.amina, 'ambassade serbie')).toEqual(['Julien Bernard', 'Hélène Rousseau']);
    expect(await names(who.amina, 'redactrice economique')).toEqual(['Isabelle Fontaine']);
    expect(await names(who.amina, 'balkans atlantide')).toEqual([]);
  });

  it('forgives a typo in a longer word', async () => {
    expect(await names(who.amina, 'rousseu')).toEqual(['Hélène Rousseau']);
  });

  it('takes a % or _ literally, never as a pattern', async () => {
    expect(await names(who.amina, 'mor%au')).toEqual([]);
  });

  it('pages through the whole directory in alphabetical order with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await rpc.request(C.searchPeople, who.amina, { limit: 4, cursor });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((p) => p.login));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
    expect(seen.slice(0, 3)).toEqual(['julien.bernard', 'amina.diallo', 'admin']); // Bernard, Diallo, Diplomatie
    expect((await appErrorOf(rpc.request(C.searchPeople, who.amina, { cursor: 'nimporte' }))).code).toBe('VALIDATION_FAILED');
  });

  it('shows partners only the agents who chose to be visible to partners, and nothing before the charter', async () => {
    expect(await names(who.sophie, '')).toEqual([]);
    expect((await appErrorOf(rpc.request(C.getPerson, who.sophie, { id: who.claire.id }))).code).toBe('NOT_FOUND');
    expect(await rpc.request(C.updateProfile, who.claire, { visibleToPartners: true })).toMatchObject({ login: 'claire.moreau', visibleToPartners: true });
    expect(await names(who.sophie, '')).toEqual(['Claire Moreau']);
    expect(await names(who.sophie, 'moreau')).toEqual(['Claire Moreau']);
    expect(await rpc.request(C.getPerson, who.sophie, { id: who.claire.id })).toMatchObject({ displayName: 'Claire Moreau' });
    expect(await names(who.thomas, '')).toEqual([]);
    expect((await appErrorOf(rpc.request(C.getPerson, who.thomas, { id: who.claire.id }))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(rpc.request(C.updateProfile, who.sophie, { visibleToPartners: true }))).code).toBe('FORBIDDEN');
  });
});
