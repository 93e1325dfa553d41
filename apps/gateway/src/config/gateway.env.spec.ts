import { InvalidEnvironmentError } from '@diplomatie/observability';
import { loadGatewayEnv } from './gateway.env';

describe(loadGatewayEnv.name, () => {
  it('starts a development gateway with its defaults', () => {
    const sut = loadGatewayEnv({ AUTH_DEV_IDP: 'true' });
    expect(sut).toMatchObject({
      PORT: 3000, AUTH_DEV_IDP: true, AUTH_ISSUER: 'http://localhost:3000', AUTH_AUDIENCE: 'diplomatie',
      AUTH_TOKEN_TTL_SECONDS: 3600, PRINCIPAL_CACHE_SECONDS: 30,
    });
    expect(sut.AUTH_JWKS_URL).toBeUndefined();
  });

  it('starts in production with the IdP key set only', () => {
    const sut = loadGatewayEnv({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://proconnect.gouv.fr/api/v2/jwks', AUTH_DEV_IDP: 'false' });
    expect(sut.AUTH_DEV_IDP).toBe(false);
    expect(sut.AUTH_JWKS_URL).toBe('https://proconnect.gouv.fr/api/v2/jwks');
  });

  it('refuses the development IdP in production, naming the variable', () => {
    expect(() => loadGatewayEnv({ NODE_ENV: 'production', AUTH_DEV_IDP: 'true', AUTH_JWKS_URL: 'https://idp.example.gouv.fr/jwks' }))
      .toThrow(/AUTH_DEV_IDP: must be false when NODE_ENV=production/);
  });

  it('refuses to start without any way to verify tokens', () => {
    expect(() => loadGatewayEnv({ AUTH_JWKS_URL: '' })).toThrow(InvalidEnvironmentError);
    expect(() => loadGatewayEnv({})).toThrow(/AUTH_JWKS_URL: required when AUTH_DEV_IDP is false/);
  });

  it('refuses a key set URL that is not http(s)', () => {
    expect(() => loadGatewayEnv({ AUTH_JWKS_URL: 'file:///etc/keys.json' })).toThrow(/AUTH_JWKS_URL/);
  });
});
