import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DirectoryContracts, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { AuthService } from '../auth/auth.service';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { CharterExempt } from './charter-gate.interceptor';

const { getCharter, acceptCharter } = DirectoryContracts;

/** The partners' security charter: readable and acceptable before anything else is served. */
@ApiTags('charter')
@Authenticated()
@CharterExempt()
@ApiErrors(401, 403, 503)
@Controller('charter')
export class CharterHttpController {
  constructor(private readonly rpc: RpcClient, private readonly auth: AuthService) {}

  @Get()
  @ApiOperation({ summary: getCharter.summary })
  @ApiZodResponse(200, getCharter.response)
  charter(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string) {
    return this.rpc.request(getCharter, principal, {}, { requestId });
  }

  @Post('accept')
  @HttpCode(200)
  @ApiOperation({ summary: acceptCharter.summary })
  @ApiZodBody(acceptCharter.request)
  @ApiZodResponse(200, acceptCharter.response)
  @ApiErrors(400, 409)
  async accept(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(acceptCharter.request)) body: ParsedRequestOf<typeof acceptCharter>, @RequestId() requestId: string) {
    const charter = await this.rpc.request(acceptCharter, principal, body, { requestId });
    // The cached principal still says "not accepted": this instance reads it again on the next request.
    if (principal.kind !== 'service') this.auth.forget(principal.id);
    return charter;
  }
}
