import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParsedRequestOf, Principal, RoutingContracts } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { toHandle, toHandleCounts, interests, markRead } = RoutingContracts;
const PublicationId = markRead.request.shape.publicationId;

@ApiTags('journal')
@Authenticated()
@ApiErrors(400, 401, 403, 503)
@Controller('journal')
export class JournalHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('to-handle')
  @ApiOperation({ summary: `À traiter: ${toHandle.summary}` })
  @ApiZodQuery(toHandle.request)
  @ApiZodResponse(200, toHandle.response)
  toHandle(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(toHandle.request)) query: ParsedRequestOf<typeof toHandle>, @RequestId() requestId: string) {
    return this.rpc.request(toHandle, principal, query, { requestId });
  }

  @Get('to-handle/counts')
  @ApiOperation({ summary: `À traiter: ${toHandleCounts.summary}` })
  @ApiZodQuery(toHandleCounts.request)
  @ApiZodResponse(200, toHandleCounts.response)
  toHandleCounts(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(toHandleCounts.request)) query: ParsedRequestOf<typeof toHandleCounts>, @RequestId() requestId: string) {
    return this.rpc.request(toHandleCounts, principal, query, { requestId });
  }

  @Get('interests')
  @ApiOperation({ summary: `Centres d'intérêt: ${interests.summary}` })
  @ApiZodQuery(interests.request)
  @ApiZodResponse(200, interests.response)
  interests(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(interests.request)) query: ParsedRequestOf<typeof interests>, @RequestId() requestId: string) {
    return this.rpc.request(interests, principal, query, { requestId });
  }

  @Post('items/:publicationId/read')
  @HttpCode(200)
  @ApiOperation({ summary: markRead.summary })
  @ApiZodParam('publicationId', PublicationId, 'the publication id (a UUID)')
  @ApiZodResponse(200, markRead.response)
  @ApiErrors(404)
  markRead(@CurrentPrincipal() principal: Principal, @Param('publicationId', new ZodValidationPipe(PublicationId)) publicationId: string, @RequestId() requestId: string) {
    return this.rpc.request(markRead, principal, { publicationId }, { requestId });
  }
}
