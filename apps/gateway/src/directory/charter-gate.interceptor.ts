import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable } from 'rxjs';
import { AppError, ErrorCode } from '@diplomatie/contracts';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';

const CHARTER_EXEMPT = 'diplomatie:charter-exempt';
/** On a route a partner may call before accepting the charter (who am I, the charter itself). */
export const CharterExempt = () => SetMetadata(CHARTER_EXEMPT, true);

/**
 * The charter gate: a partner who has not accepted the current version of the security charter is
 * served nothing — every other authenticated route answers 403 pointing to the charter. Interceptors
 * run after guards, so the principal is known here.
 */
@Injectable()
export class CharterGateInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
      const exempt = this.reflector.getAllAndOverride<boolean>(CHARTER_EXEMPT, [context.getHandler(), context.getClass()]);
      if (principal?.kind === 'partner' && !principal.charterAccepted && !exempt) throw charterRequired(principal.charterVersion);
    }
    return next.handle();
  }
}

export function charterRequired(version: number | undefined): AppError {
  return new AppError(
    ErrorCode.Forbidden,
    'the security charter must be accepted before any content is served: read it at GET /api/v1/charter, then accept it with POST /api/v1/charter/accept',
    { charter: '/api/v1/charter', accept: '/api/v1/charter/accept', ...(version === undefined ? {} : { version }) },
  );
}
