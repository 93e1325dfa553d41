import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from '@diplomatie/contracts';
import type { AuthenticatedRequest } from './bearer-auth.guard';

/** The caller, as `BearerAuthGuard` resolved it; handed to services as the first argument. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // A route without @Authenticated() is a programming error, not the client's.
  if (!principal) throw new Error('@CurrentPrincipal() on a route without @Authenticated()');
  return principal;
});
