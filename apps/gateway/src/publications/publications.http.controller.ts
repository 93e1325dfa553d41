import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParsedRequestOf, Principal, PublicationContracts } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { create, publish, get, list } = PublicationContracts;
const PublicationId = get.request.shape.id;
const idDescription = 'the publication id (a UUID; anything else is a 400)';

@ApiTags('publications')
@Authenticated()
@ApiErrors(401, 403, 503)
@Controller('publications')
export class PublicationsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: create.summary })
  @ApiZodBody(create.request)
  @ApiZodResponse(201, create.response, 'The draft')
  @ApiErrors(400, 413)
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(create.request)) draft: ParsedRequestOf<typeof create>, @RequestId() requestId: string) {
    return this.rpc.request(create, principal, draft, { requestId });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: publish.summary })
  @ApiZodParam('id', PublicationId, idDescription)
  @ApiZodResponse(200, publish.response, 'The published publication')
  @ApiErrors(400, 404, 409)
  publish(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(publish, principal, { id }, { requestId });
  }

  @Get(':id')
  @ApiOperation({ summary: get.summary })
  @ApiZodParam('id', PublicationId, idDescription)
  @ApiZodResponse(200, get.response)
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(get, principal, { id }, { requestId });
  }

  @Get()
  @ApiOperation({ summary: list.summary })
  @ApiZodQuery(list.request)
  @ApiZodResponse(200, list.response)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(list.request)) query: ParsedRequestOf<typeof list>, @RequestId() requestId: string) {
    return this.rpc.request(list, principal, query, { requestId });
  }
}
