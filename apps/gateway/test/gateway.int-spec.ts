import { INestApplication } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { NatsConnection } from 'nats';
import { ErrorCode, PublicationContracts, RoutingContracts, SearchContracts } from '@diplomatie/contracts';
import { natsConnection, startInProcess, telegramDraft, testInfra, testNamespace } from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadGatewayEnv } from '../src/config/gateway.env';
import { gatewayHttpOptions } from '../src/http/configure-http';
import { CommunitiesStandIn, RawResponder } from './support/communities-stand-in';

const ISSUER = 'https://diplomatie.test.gouv.fr';

describe('gateway (development IdP on)', () => {
  let app: INestApplication;
  let url: string;
  let nc: NatsConnection;
  let namespace: string;
  let directory: CommunitiesStandIn;
  let clairesToken: string;

  const call = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  };

  beforeAll(async () => {
    const infra = await testInfra();
    namespace = testNamespace();
    nc = await natsConnection();
    directory = new CommunitiesStandIn(nc, namespace);
    const env = loadGatewayEnv({
      NODE_ENV: 'test', PORT: '0', NATS_URL: infra.natsUrl, NATS_NAMESPACE: namespace, LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
      AUTH_DEV_IDP: 'true', AUTH_ISSUER: ISSUER,
    });
    app = await startInProcess(AppModule.register(env), gatewayHttpOptions());
    url = await app.getUrl();
    const res = await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'claire.moreau' } });
    clairesToken = ((await res.json()) as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    directory?.stop();
    await app?.close();
    await nc?.close();
  });

  describe('health', () => {
    it('is ready when NATS answers, without the API prefix', async () => {
      const res = await call('/health/ready');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', details: { nats: { status: 'up' } } });
      expect((await call('/health/live')).status).toBe(200);
      expect((await call('/api/v1/health/live')).status).toBe(404);
    });
  });

  describe('development IdP', () => {
    it('issues an ES256 token for an active login, verifiable with its JWKS', async () => {
      const res = await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'claire.moreau' } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { accessToken: string; tokenType: string; expiresIn: number };
      expect(body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const header = decodeProtectedHeader(body.accessToken);
      const claims = decodeJwt(body.accessToken);
      expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
      expect(claims).toMatchObject({ iss: ISSUER, aud: 'diplomatie', sub: directory.claire.id, login: 'claire.moreau' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
      const jwks = (await (await call('/api/v1/auth/dev/jwks')).json()) as { keys: { kid: string; kty: string; d?: string }[] };
      expect(jwks.keys).toEqual([expect.objectContaining({ kid: header.kid, kty: 'EC', alg: 'ES256', use: 'sig' })]);
      expect(jwks.keys[0].d).toBeUndefined();
    });

    it('answers 400 for an unknown login and 403 for a deactivated one', async () => {
      const unknown = await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'personne.inconnue' } });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'unknown login', details: [{ path: 'login', message: 'unknown login' }] });
      const deactivated = await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'jacques.dupont' } });
      expect(deactivated.status).toBe(403);
      expect(await deactivated.json()).toMatchObject({ statusCode: 403, error: 'Forbidden', message: 'account deactivated' });
    });

    it('validates the login before asking the directory', async () => {
      const before = directory.resolveLogin.received.length;
      const res = await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'Claire Moreau' } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ details: [{ path: 'login', message: expect.any(String) }] });
      await directory.resolveLogin.settled();
      expect(directory.resolveLogin.received.length).toBe(before);
    });
  });

  describe('authentication', () => {
    const refused = async (res: Response, message: RegExp | string) => {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await res.json()) as { message: string };
      expect(body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      expect(body.message).toMatch(message);
    };

    it('answers /me with the principal the directory resolved', async () => {
      const res = await call('/api/v1/me', { token: clairesToken });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(directory.claire);
    });

    it('reuses a resolved principal for a while instead of asking the directory each time', async () => {
      const before = directory.principal.received.length;
      for (let i = 0; i < 3; i++) expect((await call('/api/v1/me', { token: clairesToken })).status).toBe(200);
      await directory.principal.settled();
      expect(directory.principal.received.length).toBe(before);
    });

    it('refuses a request without a token', async () => {
      await refused(await call('/api/v1/me'), 'missing bearer token');
    });

    it('refuses a malformed token and another scheme', async () => {
      await refused(await call('/api/v1/me', { token: 'not-a-jwt' }), /invalid token/);
      await refused(await call('/api/v1/me', { token: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln' }), /invalid token/);
      await refused(await call('/api/v1/me', { headers: { authorization: 'Basic Y2xhaXJlOnNlY3JldA==' } }), /Bearer/);
    });

    it('refuses a token signed by another key, even under the right kid', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const { kid } = decodeProtectedHeader(clairesToken);
      const forged = await new SignJWT({ login: 'claire.moreau' }).setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(ISSUER).setAudience('diplomatie').setSubject(directory.claire.id).setIssuedAt().setExpirationTime('1h').sign(privateKey);
      await refused(await call('/api/v1/me', { token: forged }), /signature/);
    });

    it('refuses an unsecured token (alg: none)', async () => {
      const none = new UnsecuredJWT({ login: 'claire.moreau' }).setIssuer(ISSUER).setAudience('diplomatie').setSubject(directory.claire.id).setIssuedAt().setExpirationTime('1h').encode();
      await refused(await call('/api/v1/me', { token: none }), /invalid token/);
    });

    it('answers 403 when the account was deactivated after its token was issued', async () => {
      const { accessToken } = (await (await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'marc.lefevre' } })).json()) as { accessToken: string };
      const res = await call('/api/v1/me', { token: accessToken });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ statusCode: 403, error: 'Forbidden', message: 'account deactivated' });
    });

    it('answers 401 when the account is no longer in the directory', async () => {
      const { accessToken } = (await (await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'julien.bernard' } })).json()) as { accessToken: string };
      await refused(await call('/api/v1/me', { token: accessToken }), 'unknown account');
    });
  });

  describe('request ids', () => {
    it('echoes the caller\'s x-request-id and hands it to NATS', async () => {
      const fresh = (await (await call('/api/v1/auth/dev/token', { method: 'POST', json: { login: 'claire.moreau' }, headers: { 'x-request-id': 'tg-belgrade-0042' } }))
        .headers.get('x-request-id'));
      expect(fresh).toBe('tg-belgrade-0042');
      await directory.resolveLogin.settled();
      expect(directory.resolveLogin.received.at(-1)?.requestId).toBe('tg-belgrade-0042');
    });

    it('generates one when absent or malformed', async () => {
      const generated = (await call('/api/v1/me', { token: clairesToken })).headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const replaced = (await call('/api/v1/me', { token: clairesToken, headers: { 'x-request-id': '<script>alert(1)</script>' } })).headers.get('x-request-id');
      expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('validation before NATS', () => {
    let publications: RawResponder[];
    let search: RawResponder;
    let journal: RawResponder;
    const received = () => [...publications, search, journal].flatMap((r) => r.received);

    beforeAll(() => {
      // Stand-ins for the publications, search and routing services: whatever reaches them is recorded.
      const conflict = () => ({ ok: false as const, error: { code: ErrorCode.Conflict, message: 'publication is already published' } });
      publications = Object.values(PublicationContracts).map((c) => new RawResponder(nc, namespace, c, conflict));
      search = new RawResponder(nc, namespace, SearchContracts.query, conflict);
      journal = new RawResponder(nc, namespace, RoutingContracts.toHandle, conflict);
    });
    afterAll(() => [...publications, search, journal].forEach((r) => r.stop()));

    it('answers 400 with field details and sends nothing to the services', async () => {
      const cases: [string, RequestInit & { json?: unknown }, string[]][] = [
        ['/api/v1/publications', { method: 'POST', json: telegramDraft({ subject: 'x', forAction: [] }) }, ['subject', 'forAction']],
        ['/api/v1/publications', { method: 'POST', json: { ...telegramDraft(), kind: 'fax' } }, ['kind']],
        ['/api/v1/publications', { method: 'POST', json: { ...telegramDraft(), signedBy: 'me' } }, ['signedBy']],
        ['/api/v1/publications?limit=1000&kind=memo', {}, ['limit', 'kind']],
        ['/api/v1/publications/42', {}, ['id']],
        ['/api/v1/publications/42/publish', { method: 'POST' }, ['id']],
        ['/api/v1/search', {}, ['q']],
        ['/api/v1/search?q=serbie&from=hier', {}, ['from']],
        ['/api/v1/journal/to-handle?state=lost', {}, ['state']],
        ['/api/v1/people/claire.moreau', {}, ['id']],
        ['/api/v1/units?ministryId=MEAE%20Paris', {}, ['ministryId']],
      ];
      for (const [path, init, fields] of cases) {
        const res = await call(path, { ...init, token: clairesToken });
        const body = (await res.json()) as { details: { path: string }[] };
        expect({ path, status: res.status, body }).toEqual({
          path, status: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^invalid /), details: expect.any(Array) },
        });
        expect(body.details.map((d) => d.path).sort()).toEqual(expect.arrayContaining(fields.sort()));
      }
      await nc.flush();
      expect(received()).toEqual([]);
    });

    it('forwards a valid request with the caller as principal, and maps the service\'s error code', async () => {
      const res = await call('/api/v1/publications', { method: 'POST', token: clairesToken, json: telegramDraft(), headers: { 'x-request-id': 'draft-serbie-1' } });
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'publication is already published' });
      await nc.flush();
      expect(received()).toEqual([
        { subject: PublicationContracts.create.subject, requestId: 'draft-serbie-1', principal: directory.claire, data: expect.objectContaining({ kind: 'telegram', forAction: ['meae-deur-balkans'] }) },
      ]);
    });

    it('refuses a JSON body over 1 MB with a 413 in the same shape', async () => {
      const res = await call('/api/v1/publications', { method: 'POST', token: clairesToken, json: telegramDraft({ body: 'é'.repeat(600_000) }) });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
    });
  });

  describe('errors', () => {
    it('answers 503 quickly when no service answers on NATS', async () => {
      const started = Date.now();
      const res = await call('/api/v1/journal/interests', { token: clairesToken });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('routing is unavailable') });
      expect(Date.now() - started).toBeLessThan(6_000);
    });

    it('answers an unknown route with a 404 in the same shape, and never x-powered-by', async () => {
      const res = await call('/api/v1/telegrammes');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('OpenAPI', () => {
    const routes = [
      ['post', '/api/v1/auth/dev/token'], ['get', '/api/v1/auth/dev/jwks'], ['get', '/api/v1/me'], ['get', '/api/v1/units'],
      ['get', '/api/v1/people/{id}'], ['get', '/api/v1/communities'], ['post', '/api/v1/publications'], ['post', '/api/v1/publications/{id}/publish'],
      ['get', '/api/v1/publications/{id}'], ['get', '/api/v1/publications'], ['get', '/api/v1/journal/to-handle'], ['get', '/api/v1/journal/interests'],
      ['get', '/api/v1/search'],
    ] as const;
    type Operation = { summary?: string; security?: unknown[]; parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, unknown> };
    let doc: { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

    beforeAll(async () => {
      const res = await call('/api/docs-json');
      expect(res.status).toBe(200);
      doc = (await res.json()) as typeof doc;
    });

    it('is an OpenAPI 3 document with bearer authentication', () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info.title).toBe('Diplomatie API');
      expect(doc.components.securitySchemes['bearer']).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    });

    it('lists every route with a summary, its responses, and bearer security except the IdP', () => {
      const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => [method, path]));
      expect(listed).toEqual(expect.arrayContaining(routes.map((r) => [...r])));
      for (const [method, path] of routes) {
        const op = doc.paths[path][method];
        expect({ path, summary: op.summary }).toEqual({ path, summary: expect.stringMatching(/\w{3}/) });
        expect(Object.keys(op.responses).some((s) => s.startsWith('2'))).toBe(true);
        expect({ path, security: op.security }).toEqual({ path, security: path.startsWith('/api/v1/auth/dev') ? undefined : [{ bearer: [] }] });
      }
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/health'))).toBe(false);
    });

    it('takes its schemas from the contracts', () => {
      const create = doc.paths['/api/v1/publications'].post;
      const body = JSON.stringify(create.requestBody?.content['application/json'].schema);
      for (const field of ['"kind"', '"telegram"', '"forAction"', '"classification"', '"restricted"']) expect(body).toContain(field);
      expect(create.responses['201']).toBeDefined();
      expect(create.responses['400']).toBeDefined();
      const search = doc.paths['/api/v1/search'].get.parameters ?? [];
      expect(search.map((p) => [p.name, p.in, p.required])).toEqual(expect.arrayContaining([['q', 'query', true], ['limit', 'query', false], ['from', 'query', false]]));
      // Every schema is inline: a `$defs` reference would dangle in an OpenAPI 3.0 document.
      expect(JSON.stringify(doc)).not.toContain('$defs');
      expect(doc.paths['/api/v1/publications/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ format: 'uuid' }) })]);
    });

    it('serves the UI at /api/docs', async () => {
      const res = await call('/api/docs');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    });
  });
});
