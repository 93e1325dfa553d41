import { INestApplication } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { NatsConnection } from 'nats';
import { natsConnection, startInProcess, testInfra, testNamespace } from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadGatewayEnv } from '../src/config/gateway.env';
import { gatewayHttpOptions } from '../src/http/configure-http';
import { CommunitiesStandIn } from './support/communities-stand-in';

const ISSUER = 'https://proconnect.test.gouv.fr';
const AUDIENCE = 'diplomatie-meae';

/** The production set-up: no development IdP, tokens from an external IdP verified with its JWKS. */
describe('gateway (production IdP, AUTH_DEV_IDP=false)', () => {
  let jwksServer: Server;
  let jwksUrl: string;
  let idpKey: KeyLike;
  let app: INestApplication;
  let url: string;
  let nc: NatsConnection;
  let directory: CommunitiesStandIn;
  const started: INestApplication[] = [];

  const start = async (extra: Record<string, string>) => {
    const infra = await testInfra();
    const env = loadGatewayEnv({
      NODE_ENV: 'production', PORT: '0', NATS_URL: infra.natsUrl, NATS_NAMESPACE: namespace, LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
      AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, ...extra,
    });
    const gateway = await startInProcess(AppModule.register(env), gatewayHttpOptions());
    started.push(gateway);
    return gateway;
  };
  const namespace = testNamespace();

  /** A token as the IdP would sign it, with `over` changing a claim, the algorithm, the kid or the key. */
  const idpToken = (over: { iss?: string; aud?: string; sub?: string; exp?: number; alg?: string; kid?: string; key?: KeyLike | Uint8Array } = {}) =>
    new SignJWT({ login: 'claire.moreau' })
      .setProtectedHeader({ alg: over.alg ?? 'RS256', kid: over.kid ?? 'proconnect-2026' })
      .setIssuer(over.iss ?? ISSUER)
      .setAudience(over.aud ?? AUDIENCE)
      .setSubject(over.sub ?? directory.claire.id)
      .setIssuedAt()
      .setExpirationTime(over.exp ?? '10m')
      .sign(over.key ?? idpKey);

  const me = (token: string, base = url) => fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    idpKey = privateKey;
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'proconnect-2026', alg: 'RS256', use: 'sig' }] };
    // A stand-in for the IdP's jwks_uri.
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
    nc = await natsConnection();
    directory = new CommunitiesStandIn(nc, namespace);
    app = await start({ AUTH_JWKS_URL: jwksUrl });
    url = await app.getUrl();
  });
  afterAll(async () => {
    directory?.stop();
    for (const gateway of started) await gateway.close();
    await nc?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  it('has no development IdP: its routes answer 404', async () => {
    const token = await fetch(`${url}/api/v1/auth/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'claire.moreau' }) });
    expect(token.status).toBe(404);
    expect(await token.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await fetch(`${url}/api/v1/auth/dev/jwks`)).status).toBe(404);
    await directory.resolveLogin.settled();
    expect(directory.resolveLogin.received).toEqual([]);
  });

  it("accepts the IdP's RS256 token", async () => {
    const res = await me(await idpToken());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'agent', id: directory.claire.id, login: 'claire.moreau' });
  });

  it.each([
    ['an expired token', () => idpToken({ exp: Math.floor(Date.now() / 1000) - 60 }), 'token expired'],
    ['a wrong issuer', () => idpToken({ iss: 'https://idp.autre-ministere.fr' }), /iss/],
    ['a wrong audience', () => idpToken({ aud: 'another-app' }), /aud/],
    ['another key under the IdP\'s kid', async () => idpToken({ key: (await generateKeyPair('RS256')).privateKey }), /signature/],
    ['an unknown kid', async () => idpToken({ kid: 'rogue', key: (await generateKeyPair('RS256')).privateKey }), /unknown key/],
    ['alg: none', async () => new UnsecuredJWT({}).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(directory.claire.id).setExpirationTime('10m').encode(), /invalid token/],
    ['HS256 keyed with a guessable secret', () => idpToken({ alg: 'HS256', key: new TextEncoder().encode('proconnect-2026-shared-secret-32b') }), /invalid token/],
    ['a subject that is not an account id', () => idpToken({ sub: 'claire.moreau' }), /sub/],
    ['a token without expiry', () => new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'proconnect-2026' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(directory.claire.id).sign(idpKey), /exp/],
  ])('refuses %s with a 401', async (_what, token, message) => {
    const res = await me(await token());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await res.json()) as { message: string };
    expect(body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
    expect(body.message).toMatch(message);
  });

  it("answers 503, not 401, when the IdP's keys cannot be fetched", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks`;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await start({ AUTH_JWKS_URL: deadUrl });
    const res = await me(await idpToken(), await orphan.getUrl());
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: "the identity provider's keys are unavailable" });
  });
});
