import { INestApplication } from '@nestjs/common';
import { SignatureContracts } from '@diplomatie/contracts';
import { migrate, revert } from '@diplomatie/persistence';
import {
  RpcTestClient, servicePrincipal, ServiceTestEnv, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule, SCHEMA } from '../src/app.module';
import { loadSignatureEnv } from '../src/config/signature.env';
import { migrations } from '../src/database/migrations';
import { CircuitEntity } from '../src/parapheur/circuit.entity';

describe('signature service', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadSignatureEnv(vars))));
  });
  afterAll(async () => {
    await stopServiceUnderTest({ rpc, app, env });
  });

  it('answers over NATS with its schema migrated', async () => {
    const status = await rpc.request(SignatureContracts.status, servicePrincipal(), {});
    expect(status).toEqual({ circuits: 0 });
  });

  it('reports ready when PostgreSQL and NATS answer', async () => {
    const res = await fetch(`${await app.getUrl()}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('rejects a request that breaks the envelope contract', async () => {
    const reply = await rpc.raw(SignatureContracts.status.subject, { data: {} });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('migrates down and up again', async () => {
    const opts = { url: env.database.url, schema: SCHEMA, entities: [CircuitEntity], migrations };
    await revert(opts, 1);
    expect(await migrate(opts)).toEqual(['Parapheur1764000000000']);
  });
});
