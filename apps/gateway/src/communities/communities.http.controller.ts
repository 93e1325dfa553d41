import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AgentId, CommunityId, DirectoryContracts, PageRequest, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const C = DirectoryContracts;
const idPipe = new ZodValidationPipe(CommunityId);
const agentPipe = new ZodValidationPipe(AgentId);
const AgentRef = z.object({ agentId: AgentId });
const RoleChange = C.changeMemberRole.request.pick({ role: true });
const idDoc = 'the community code, e.g. `balkans`';
const agentDoc = 'the account id (a UUID)';

/** Communities: the page, and every membership path. Secret communities answer 404 to non-members on every route. */
@ApiTags('communities')
@Authenticated()
@ApiErrors(401, 403, 503)
@Controller('communities')
export class CommunitiesHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: C.listCommunities.summary })
  @ApiZodResponse(200, C.listCommunities.response)
  list(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string) {
    return this.rpc.request(C.listCommunities, principal, {}, { requestId });
  }

  @Post()
  @ApiOperation({ summary: C.createCommunity.summary })
  @ApiZodBody(C.createCommunity.request)
  @ApiZodResponse(201, C.createCommunity.response, 'The new community')
  @ApiErrors(400, 409)
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(C.createCommunity.request)) body: ParsedRequestOf<typeof C.createCommunity>, @RequestId() requestId: string) {
    return this.rpc.request(C.createCommunity, principal, body, { requestId });
  }

  @Get(':id')
  @ApiOperation({ summary: C.getCommunity.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodQuery(PageRequest)
  @ApiZodResponse(200, C.getCommunity.response)
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Query(new ZodValidationPipe(PageRequest)) page: z.output<typeof PageRequest>, @RequestId() requestId: string) {
    return this.rpc.request(C.getCommunity, principal, { id, ...page }, { requestId });
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiOperation({ summary: C.joinCommunity.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodResponse(200, C.joinCommunity.response, '`member` (open community) or `requested` (closed community)')
  @ApiErrors(400, 404, 409)
  join(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.joinCommunity, principal, { id }, { requestId });
  }

  @Get(':id/join-requests')
  @ApiOperation({ summary: C.listJoinRequests.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodResponse(200, C.listJoinRequests.response)
  @ApiErrors(400, 404)
  joinRequests(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.listJoinRequests, principal, { id }, { requestId });
  }

  @Post(':id/join-requests/:agentId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approves a pending join request (owner and moderators)' })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodParam('agentId', AgentId, agentDoc)
  @ApiZodResponse(200, C.decideJoinRequest.response)
  @ApiErrors(400, 404, 409)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Param('agentId', agentPipe) agentId: string, @RequestId() requestId: string) {
    return this.rpc.request(C.decideJoinRequest, principal, { id, agentId, decision: 'approve' }, { requestId });
  }

  @Post(':id/join-requests/:agentId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rejects a pending join request (owner and moderators)' })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodParam('agentId', AgentId, agentDoc)
  @ApiZodResponse(200, C.decideJoinRequest.response)
  @ApiErrors(400, 404, 409)
  reject(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Param('agentId', agentPipe) agentId: string, @RequestId() requestId: string) {
    return this.rpc.request(C.decideJoinRequest, principal, { id, agentId, decision: 'reject' }, { requestId });
  }

  @Post(':id/invitations')
  @ApiOperation({ summary: C.inviteToCommunity.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodBody(AgentRef)
  @ApiZodResponse(201, C.inviteToCommunity.response, 'The invitee is `invited`')
  @ApiErrors(400, 404, 409)
  invite(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Body(new ZodValidationPipe(AgentRef)) body: z.output<typeof AgentRef>, @RequestId() requestId: string) {
    return this.rpc.request(C.inviteToCommunity, principal, { id, agentId: body.agentId }, { requestId });
  }

  @Post(':id/invitation/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "Accepts the caller's invitation: they become a member" })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodResponse(200, C.answerInvitation.response)
  @ApiErrors(400, 404, 409)
  accept(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.answerInvitation, principal, { id, accept: true }, { requestId });
  }

  @Post(':id/invitation/decline')
  @HttpCode(200)
  @ApiOperation({ summary: "Declines the caller's invitation" })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodResponse(200, C.answerInvitation.response)
  @ApiErrors(400, 404, 409)
  decline(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.answerInvitation, principal, { id, accept: false }, { requestId });
  }

  @Post(':id/leave')
  @HttpCode(200)
  @ApiOperation({ summary: C.leaveCommunity.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodResponse(200, C.leaveCommunity.response)
  @ApiErrors(400, 404, 409)
  leave(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.leaveCommunity, principal, { id }, { requestId });
  }

  @Delete(':id/members/:agentId')
  @ApiOperation({ summary: C.removeMember.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodParam('agentId', AgentId, agentDoc)
  @ApiZodResponse(200, C.removeMember.response)
  @ApiErrors(400, 404, 409)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Param('agentId', agentPipe) agentId: string, @RequestId() requestId: string) {
    return this.rpc.request(C.removeMember, principal, { id, agentId }, { requestId });
  }

  @Put(':id/members/:agentId/role')
  @ApiOperation({ summary: C.changeMemberRole.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodParam('agentId', AgentId, agentDoc)
  @ApiZodBody(RoleChange)
  @ApiZodResponse(200, C.changeMemberRole.response)
  @ApiErrors(400, 404, 409)
  changeRole(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Param('agentId', agentPipe) agentId: string, @Body(new ZodValidationPipe(RoleChange)) body: z.output<typeof RoleChange>, @RequestId() requestId: string) {
    return this.rpc.request(C.changeMemberRole, principal, { id, agentId, role: body.role }, { requestId });
  }

  @Post(':id/transfer-ownership')
  @HttpCode(200)
  @ApiOperation({ summary: C.transferOwnership.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodBody(AgentRef)
  @ApiZodResponse(200, C.transferOwnership.response)
  @ApiErrors(400, 404, 409)
  transfer(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @Body(new ZodValidationPipe(AgentRef)) body: z.output<typeof AgentRef>, @RequestId() requestId: string) {
    return this.rpc.request(C.transferOwnership, principal, { id, agentId: body.agentId }, { requestId });
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: C.archiveCommunity.summary })
  @ApiZodParam('id', CommunityId, idDoc)
  @ApiZodResponse(200, C.archiveCommunity.response)
  @ApiErrors(400, 404, 409)
  archive(@CurrentPrincipal() principal: Principal, @Param('id', idPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.archiveCommunity, principal, { id }, { requestId });
  }
}
