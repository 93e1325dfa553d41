import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DirectoryContracts, ParsedRequestOf } from '@diplomatie/contracts';
import { RequestId } from '../http/request-id';
import { ApiErrors, ApiZodBody, ApiZodResponse } from '../http/openapi';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

export const DevTokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the token expires. */
  expiresIn: z.number().int(),
});
const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
const LoginRequest = DirectoryContracts.resolveLogin.request;

/** The development IdP: registered only when AUTH_DEV_IDP=true, so that its routes are 404 otherwise. */
@ApiTags('auth')
@Controller('auth/dev')
export class DevIdpHttpController {
  constructor(private readonly auth: AuthService, private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development IdP: a signed access token for a demo login (AUTH_DEV_IDP=true only; 400 unknown login, 403 deactivated)' })
  @ApiZodBody(LoginRequest)
  @ApiZodResponse(200, DevTokenResponse)
  @ApiErrors(400, 403, 503)
  token(@Body(new ZodValidationPipe(LoginRequest)) body: ParsedRequestOf<typeof DirectoryContracts.resolveLogin>, @RequestId() requestId: string) {
    return this.auth.devToken(body.login, requestId);
  }

  @Get('jwks')
  @ApiOperation({ summary: "Development IdP: the public keys its tokens are signed with (JWKS)" })
  @ApiZodResponse(200, Jwks)
  jwks() {
    return this.tokens.jwks();
  }
}
