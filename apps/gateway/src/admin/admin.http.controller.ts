import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AgentId, DirectoryContracts, DirectoryImport, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { AuthService } from '../auth/auth.service';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { importDirectory, setAgentActive, publishCharter } = DirectoryContracts;
/** Over HTTP an import reports each bad row and imports the good ones, unless asked for all or nothing. */
const HttpImport = DirectoryImport.extend({ mode: DirectoryImport.shape.mode.unwrap().default('per_row') });
const agentPipe = new ZodValidationPipe(AgentId);

/** Directory administration: the `admin` role only (the directory service checks it; others get 403). */
@ApiTags('admin')
@Authenticated()
@ApiErrors(401, 403, 503)
@Controller('admin')
export class AdminHttpController {
  constructor(private readonly rpc: RpcClient, private readonly auth: AuthService) {}

  @Post('directory/import')
  @HttpCode(200)
  @ApiOperation({ summary: `${importDirectory.summary} Over HTTP, \`mode\` defaults to \`per_row\`: bad rows are reported in \`rejected\`, good ones imported.` })
  @ApiZodBody(HttpImport)
  @ApiZodResponse(200, importDirectory.response)
  @ApiErrors(400, 413)
  importDirectory(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(HttpImport)) body: z.output<typeof HttpImport>, @RequestId() requestId: string) {
    return this.rpc.request(importDirectory, principal, body, { requestId });
  }

  @Post('agents/:id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivates an account: its tokens stop working at once on this gateway, within the principal cache time (30 s by default) on the others' })
  @ApiZodParam('id', AgentId, 'the account id (a UUID)')
  @ApiZodResponse(200, setAgentActive.response)
  @ApiErrors(400, 404, 409)
  deactivate(@CurrentPrincipal() principal: Principal, @Param('id', agentPipe) id: string, @RequestId() requestId: string) {
    return this.setActive(principal, id, false, requestId);
  }

  @Post('agents/:id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivates an account' })
  @ApiZodParam('id', AgentId, 'the account id (a UUID)')
  @ApiZodResponse(200, setAgentActive.response)
  @ApiErrors(400, 404)
  reactivate(@CurrentPrincipal() principal: Principal, @Param('id', agentPipe) id: string, @RequestId() requestId: string) {
    return this.setActive(principal, id, true, requestId);
  }

  @Post('charter')
  @ApiOperation({ summary: publishCharter.summary })
  @ApiZodBody(publishCharter.request)
  @ApiZodResponse(201, publishCharter.response, 'The new current version')
  @ApiErrors(400)
  publishCharter(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(publishCharter.request)) body: ParsedRequestOf<typeof publishCharter>, @RequestId() requestId: string) {
    return this.rpc.request(publishCharter, principal, body, { requestId });
  }

  private async setActive(principal: Principal, agentId: string, active: boolean, requestId: string) {
    const person = await this.rpc.request(setAgentActive, principal, { agentId, active }, { requestId });
    // This instance stops serving the account now; the others when their cached principal expires.
    this.auth.forget(agentId);
    return person;
  }
}
