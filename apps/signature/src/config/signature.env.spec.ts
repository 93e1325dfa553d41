import { InvalidEnvironmentError } from '@diplomatie/observability';
import { loadSignatureEnv } from './signature.env';

describe(loadSignatureEnv.name, () => {
  it('uses a development key store secret outside production', () => {
    const sut = loadSignatureEnv({ NODE_ENV: 'development' });
    expect(sut.SIGNATURE_KEYSTORE_SECRET).toEqual(expect.any(String));
    expect(sut.SIGNATURE_KEYSTORE_SECRET.length).toBeGreaterThanOrEqual(24);
  });

  it('refuses to start in production without a key store secret, or with a short one', () => {
    expect(() => loadSignatureEnv({ NODE_ENV: 'production' })).toThrow(InvalidEnvironmentError);
    expect(() => loadSignatureEnv({ NODE_ENV: 'production' })).toThrow(/SIGNATURE_KEYSTORE_SECRET: required in production/);
    expect(() => loadSignatureEnv({ NODE_ENV: 'production', SIGNATURE_KEYSTORE_SECRET: 'court' })).toThrow(/at least 24 characters/);
  });

  it('takes the production secret as given', () => {
    const secret = 'k'.repeat(48);
    expect(loadSignatureEnv({ NODE_ENV: 'production', SIGNATURE_KEYSTORE_SECRET: secret }).SIGNATURE_KEYSTORE_SECRET).toBe(secret);
  });
});
