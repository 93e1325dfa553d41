import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  calculateJwkThumbprint, createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, generateKeyPair, JWK, JWTVerifyGetKey, jwtVerify, KeyLike, SignJWT,
} from 'jose';
import { AgentId, AppError, ErrorCode } from '@diplomatie/contracts';
import { GATEWAY_ENV, GatewayEnv } from '../config/gateway.env';

/** Only asymmetric algorithms: `none` and HMAC (signed with a public key as secret) are refused. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'RS256'];
const DEV_ALGORITHM = 'ES256';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Verifies bearer tokens (the IdP's key set, and the development IdP's key when it is on) and,
 * for the development IdP, signs them with a key pair generated at start (never persisted).
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private devKey?: { privateKey: KeyLike; publicJwk: JWK };
  private getKey!: JWTVerifyGetKey;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  async onModuleInit(): Promise<void> {
    const keySets: JWTVerifyGetKey[] = [];
    if (this.env.AUTH_DEV_IDP) {
      const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
      const jwk = await exportJWK(publicKey);
      const publicJwk: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: DEV_ALGORITHM, use: 'sig' };
      this.devKey = { privateKey, publicJwk };
      keySets.push(createLocalJWKSet({ keys: [publicJwk] }));
    }
    if (this.env.AUTH_JWKS_URL) keySets.push(createRemoteJWKSet(new URL(this.env.AUTH_JWKS_URL)));
    this.getKey = firstMatchingKey(keySets);
  }

  /** The development IdP's public keys, as an IdP serves them at its `jwks_uri`. */
  jwks(): { keys: JWK[] } {
    return { keys: this.devKey ? [this.devKey.publicJwk] : [] };
  }

  async sign(account: { id: string; login: string }): Promise<IssuedToken> {
    if (!this.devKey) throw new AppError(ErrorCode.NotFound, 'the development IdP is off');
    const expiresIn = this.env.AUTH_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({ login: account.login })
      .setProtectedHeader({ alg: DEV_ALGORITHM, kid: this.devKey.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.env.AUTH_ISSUER)
      .setAudience(this.env.AUTH_AUDIENCE)
      .setSubject(account.id)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.devKey.privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  /** The agent id (`sub`) of a valid token; UNAUTHENTICATED otherwise, UNAVAILABLE when the IdP's keys cannot be fetched. */
  async verify(token: string): Promise<string> {
    let sub: unknown;
    try {
      const { payload } = await jwtVerify(token, this.getKey, {
        algorithms: ACCEPTED_ALGORITHMS,
        issuer: this.env.AUTH_ISSUER,
        audience: this.env.AUTH_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
      });
      sub = payload.sub;
    } catch (error) {
      throw tokenError(error);
    }
    if (!AgentId.safeParse(sub).success) throw new AppError(ErrorCode.Unauthenticated, 'invalid token: sub is not an account id');
    return sub as string;
  }
}

/** Tries each key set in turn: the development key first, then the IdP's. */
function firstMatchingKey(keySets: JWTVerifyGetKey[]): JWTVerifyGetKey {
  return async (header, token) => {
    let last: unknown = new errors.JWKSNoMatchingKey();
    for (const keySet of keySets) {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        last = error;
      }
    }
    throw last;
  };
}

function tokenError(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) return new AppError(ErrorCode.Unauthenticated, 'token expired');
  // The key set could not be fetched or read: not the client's fault.
  const keySetDown = error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError) || error.constructor === errors.JOSEError;
  if (keySetDown) return new AppError(ErrorCode.Unavailable, "the identity provider's keys are unavailable");
  if (error instanceof errors.JWKSNoMatchingKey) return new AppError(ErrorCode.Unauthenticated, 'invalid token: signed by an unknown key');
  return new AppError(ErrorCode.Unauthenticated, `invalid token: ${error.message}`);
}
