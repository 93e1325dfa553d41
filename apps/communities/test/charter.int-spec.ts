import { INestApplication } from '@nestjs/common';
import { DirectoryContracts, Principal } from '@diplomatie/contracts';
import {
  RpcTestClient, servicePrincipal, ServiceTestEnv, appErrorOf, demoDirectory, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadCommunitiesEnv } from '../src/config/communities.env';

const directory = demoDirectory();


/** The partners' security charter through the service's NATS API. */
describe('security charter', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  const service = servicePrincipal('demo-seed');
  const C = DirectoryContracts;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadCommunitiesEnv(vars))));
    await rpc.request(C.importDirectory, service, directory);
    for (const login of ['sophie.laurent', 'thomas.girard', 'claire.moreau', 'admin']) ids[login] = (await rpc.request(C.resolveLogin, service, { login })).id;
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  const principal = (login: string): Promise<Principal> => rpc.request(C.principal, service, { agentId: ids[login] });

  it('serves the current version and where the partner stands with it', async () => {
    const thomas = await principal('thomas.girard');
    expect(thomas).toMatchObject({ kind: 'partner', charterAccepted: false, charterVersion: 1, charterVersionAccepted: null });
    expect(await rpc.request(C.getCharter, thomas, {})).toMatchObject({ version: 1, acceptedVersion: null, accepted: false, title: 'Charte de sécurité des partenaires' });
    // An export saying "accepted" records the version current at import.
    expect(await principal('sophie.laurent')).toMatchObject({ charterAccepted: true, charterVersion: 1, charterVersionAccepted: 1 });
  });

  it('records the acceptance of the current version only', async () => {
    const thomas = await principal('thomas.girard');
    expect((await appErrorOf(rpc.request(C.acceptCharter, thomas, { version: 2 }))).code).toBe('CONFLICT');
    expect(await rpc.request(C.acceptCharter, thomas, { version: 1 })).toMatchObject({ version: 1, acceptedVersion: 1, accepted: true });
    expect(await principal('thomas.girard')).toMatchObject({ charterAccepted: true, charterVersionAccepted: 1 });
    expect((await appErrorOf(rpc.request(C.acceptCharter, await principal('claire.moreau'), { version: 1 }))).code).toBe('FORBIDDEN');
  });

  it('calls for a new acceptance when a new version is published, by an administrator only', async () => {
    const draft = { title: 'Charte de sécurité des partenaires (2027)', text: 'Version révisée : les captures d’écran des contenus sont interdites.' };
    expect((await appErrorOf(rpc.request(C.publishCharter, await principal('claire.moreau'), draft))).code).toBe('FORBIDDEN');
    expect(await rpc.request(C.publishCharter, await principal('admin'), draft)).toMatchObject({ version: 2, title: draft.title });
    for (const login of ['sophie.laurent', 'thomas.girard']) {
      expect(await principal(login)).toMatchObject({ charterAccepted: false, charterVersion: 2, charterVersionAccepted: expect.any(Number) });
    }
    const sophie = await principal('sophie.laurent');
    expect((await appErrorOf(rpc.request(C.acceptCharter, sophie, { version: 1 }))).code).toBe('CONFLICT');
    expect(await rpc.request(C.acceptCharter, sophie, { version: 2 })).toMatchObject({ accepted: true, acceptedVersion: 2 });
    // Re-importing the export does not take the acceptance of version 2 back to version 1.
    await rpc.request(C.importDirectory, service, directory);
    expect(await principal('sophie.laurent')).toMatchObject({ charterAccepted: true, charterVersionAccepted: 2 });
    expect(await principal('thomas.girard')).toMatchObject({ charterAccepted: false });
  });
});
