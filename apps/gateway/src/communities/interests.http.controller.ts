import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommunityId, DirectoryContracts, Interests, ParsedRequestOf, Principal, TopicId } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { getInterests, setInterests, followInterest, listTopics } = DirectoryContracts;
const topicPipe = new ZodValidationPipe(TopicId);
const communityPipe = new ZodValidationPipe(CommunityId);

/** Centres d'intérêt: the topics catalogue, and what the caller follows (one click to follow or unfollow). */
@ApiTags('interests')
@Authenticated()
@ApiErrors(401, 403, 503)
@Controller()
export class InterestsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('topics')
  @ApiOperation({ summary: listTopics.summary })
  @ApiZodResponse(200, listTopics.response)
  topics(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string) {
    return this.rpc.request(listTopics, principal, {}, { requestId });
  }

  @Get('me/interests')
  @ApiOperation({ summary: getInterests.summary })
  @ApiZodResponse(200, Interests)
  interests(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string) {
    return this.rpc.request(getInterests, principal, {}, { requestId });
  }

  @Put('me/interests')
  @ApiOperation({ summary: setInterests.summary })
  @ApiZodBody(setInterests.request)
  @ApiZodResponse(200, Interests)
  @ApiErrors(400)
  setInterests(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(setInterests.request)) body: ParsedRequestOf<typeof setInterests>, @RequestId() requestId: string) {
    return this.rpc.request(setInterests, principal, body, { requestId });
  }

  @Put('me/interests/topics/:id')
  @ApiOperation({ summary: 'Follows one topic of the catalogue' })
  @ApiZodParam('id', TopicId, 'the topic code, e.g. `serbie`')
  @ApiZodResponse(200, Interests)
  @ApiErrors(400)
  followTopic(@CurrentPrincipal() principal: Principal, @Param('id', topicPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(followInterest, principal, { kind: 'topic', id, follow: true }, { requestId });
  }

  @Delete('me/interests/topics/:id')
  @ApiOperation({ summary: 'Stops following one topic' })
  @ApiZodParam('id', TopicId, 'the topic code')
  @ApiZodResponse(200, Interests)
  @ApiErrors(400)
  unfollowTopic(@CurrentPrincipal() principal: Principal, @Param('id', topicPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(followInterest, principal, { kind: 'topic', id, follow: false }, { requestId });
  }

  @Put('me/interests/communities/:id')
  @ApiOperation({ summary: 'Follows one community the caller may see' })
  @ApiZodParam('id', CommunityId, 'the community code, e.g. `balkans`')
  @ApiZodResponse(200, Interests)
  @ApiErrors(400)
  followCommunity(@CurrentPrincipal() principal: Principal, @Param('id', communityPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(followInterest, principal, { kind: 'community', id, follow: true }, { requestId });
  }

  @Delete('me/interests/communities/:id')
  @ApiOperation({ summary: 'Stops following one community' })
  @ApiZodParam('id', CommunityId, 'the community code')
  @ApiZodResponse(200, Interests)
  @ApiErrors(400)
  unfollowCommunity(@CurrentPrincipal() principal: Principal, @Param('id', communityPipe) id: string, @RequestId() requestId: string) {
    return this.rpc.request(followInterest, principal, { kind: 'community', id, follow: false }, { requestId });
  }
}
