import { Inject, Injectable } from '@nestjs/common';
import { AppError, DirectoryContracts, ErrorCode, Principal, ServicePrincipal } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { GATEWAY_ENV, GatewayEnv } from '../config/gateway.env';
import { PrincipalCache } from './principal-cache';
import { IssuedToken, TokenService } from './token.service';

/** How the gateway itself appears to the directory when it resolves logins and principals. */
export const GATEWAY_PRINCIPAL: ServicePrincipal = { kind: 'service', id: 'gateway', name: 'gateway' };

/** Who is calling: a bearer token in, the access principal out. */
@Injectable()
export class AuthService {
  private readonly principals: PrincipalCache;

  constructor(
    private readonly tokens: TokenService,
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.principals = new PrincipalCache(env.PRINCIPAL_CACHE_SECONDS * 1000);
  }

  /**
   * The development IdP: a token for an active login. An unknown login is a 400 (as an OAuth
   * token endpoint answers `invalid_grant`), a deactivated account a 403.
   */
  async devToken(login: string, requestId: string): Promise<IssuedToken> {
    const account = await this.rpc
      .request(DirectoryContracts.resolveLogin, GATEWAY_PRINCIPAL, { login }, { requestId })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === ErrorCode.NotFound) {
          throw new AppError(ErrorCode.ValidationFailed, 'unknown login', [{ path: 'login', message: 'unknown login' }]);
        }
        throw error;
      });
    if (!account.active) throw new AppError(ErrorCode.Forbidden, 'account deactivated');
    return this.tokens.sign(account);
  }

  /**
   * The principal behind an `Authorization` header. A token whose account no longer exists is a
   * 401; a deactivated account is a 403 (the caller is known, signing in again will not help).
   */
  async authenticate(authorization: string | undefined, requestId: string): Promise<Principal> {
    const agentId = await this.tokens.verify(bearerToken(authorization));
    const cached = this.principals.get(agentId);
    if (cached) return cached;
    const principal = await this.rpc
      .request(DirectoryContracts.principal, GATEWAY_PRINCIPAL, { agentId }, { requestId })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === ErrorCode.NotFound) throw new AppError(ErrorCode.Unauthenticated, 'unknown account');
        if (error instanceof AppError && error.code === ErrorCode.Forbidden) throw new AppError(ErrorCode.Forbidden, 'account deactivated');
        throw error;
      });
    if (principal.kind === 'service' || principal.id !== agentId) {
      throw new AppError(ErrorCode.Internal, `the directory answered another principal for account ${agentId}`);
    }
    this.principals.set(agentId, principal);
    return principal;
  }

  /** Forgets a cached principal: the next request reads it again from the directory. */
  forget(agentId: string): void {
    this.principals.delete(agentId);
  }
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new AppError(ErrorCode.Unauthenticated, 'missing bearer token');
  const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i.exec(authorization);
  if (!match) throw new AppError(ErrorCode.Unauthenticated, 'the Authorization header must be "Bearer <token>"');
  return match[1];
}
