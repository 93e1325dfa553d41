import { z } from 'zod';
import { BaseEnv, parseEnv } from '@diplomatie/observability';

/** An unset variable in a manifest often arrives as an empty string: treat it as absent. */
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional());

export const GatewayEnv = BaseEnv.extend({
  PORT: BaseEnv.shape.PORT.default(3000),
  /** The development IdP: `POST /api/v1/auth/dev/token` signs a token for any active login. Never in production. */
  AUTH_DEV_IDP: z.stringbool().default(false).describe('The development IdP (`POST /api/v1/auth/dev/token`): a token for any active login. Refused with NODE_ENV=production.'),
  AUTH_ISSUER: z.url().default('http://localhost:3000').describe('Expected `iss` of access tokens (the dev IdP signs with it).'),
  AUTH_AUDIENCE: z.string().min(1).default('diplomatie').describe('Expected `aud` of access tokens.'),
  /** The production IdP's key set (OpenID Connect `jwks_uri`). */
  AUTH_JWKS_URL: optionalUrl.describe('The identity provider\'s key set (`jwks_uri`); required when AUTH_DEV_IDP is false.'),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600).describe('Lifetime of dev IdP tokens.'),
  /** How long a resolved principal is reused before the directory is asked again (0: never cached). */
  PRINCIPAL_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30).describe('How long a resolved principal is reused (a deactivation takes effect within this delay).'),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && env.AUTH_DEV_IDP) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_DEV_IDP'],
      message: 'must be false when NODE_ENV=production: the development IdP signs a token for any login without a password',
    });
  }
  if (!env.AUTH_DEV_IDP && !env.AUTH_JWKS_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS_URL'],
      message: "required when AUTH_DEV_IDP is false: the gateway needs the identity provider's keys to verify tokens",
    });
  }
});
export type GatewayEnv = z.output<typeof GatewayEnv>;

/** The only reader of process.env in this app. */
export function loadGatewayEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv(GatewayEnv, source);
}

export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
