import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Principal } from '@diplomatie/contracts';
import { requestIdOf } from '../http/request-id';
import { AuthService } from './auth.service';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Verifies the bearer token and attaches the caller's principal to the request. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.auth.authenticate(request.headers.authorization, requestIdOf(request));
    return true;
  }
}

/** On a controller: every route needs a bearer token, and the OpenAPI document says so. */
export const Authenticated = () => applyDecorators(UseGuards(BearerAuthGuard), ApiBearerAuth('bearer'));
