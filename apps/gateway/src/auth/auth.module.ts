import { DynamicModule, Module } from '@nestjs/common';
import { GATEWAY_ENV, GatewayEnv } from '../config/gateway.env';
import { AuthService } from './auth.service';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DevIdpHttpController } from './dev-idp.http.controller';
import { TokenService } from './token.service';

@Module({})
export class AuthModule {
  static register(env: GatewayEnv): DynamicModule {
    return {
      module: AuthModule,
      // Global: every API controller's guard needs AuthService.
      global: true,
      controllers: env.AUTH_DEV_IDP ? [DevIdpHttpController] : [],
      providers: [{ provide: GATEWAY_ENV, useValue: env }, TokenService, AuthService, BearerAuthGuard],
      exports: [GATEWAY_ENV, AuthService, BearerAuthGuard],
    };
  }
}
