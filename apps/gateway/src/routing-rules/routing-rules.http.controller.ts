import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ParsedRequestOf, Principal, RoutingContracts, RoutingRuleInput } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { createRule, listRules, getRule, updateRule, deleteRule, explainRouting } = RoutingContracts;
const RuleId = getRule.request.shape.id;
const PublicationId = explainRouting.request.shape.publicationId;
const admins = 'Administrators only (403 for anyone else).';

@ApiTags('routing-rules')
@Authenticated()
@ApiErrors(400, 401, 403, 503)
@Controller('routing-rules')
export class RoutingRulesHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: createRule.summary, description: admins })
  @ApiZodBody(RoutingRuleInput)
  @ApiZodResponse(201, createRule.response)
  @ApiErrors(409)
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(RoutingRuleInput)) body: ParsedRequestOf<typeof createRule>, @RequestId() requestId: string) {
    return this.rpc.request(createRule, principal, body, { requestId });
  }

  @Get()
  @ApiOperation({ summary: listRules.summary, description: admins })
  @ApiZodQuery(listRules.request)
  @ApiZodResponse(200, listRules.response)
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(listRules.request)) query: ParsedRequestOf<typeof listRules>, @RequestId() requestId: string) {
    return this.rpc.request(listRules, principal, query, { requestId });
  }

  @Get(':id')
  @ApiOperation({ summary: getRule.summary, description: admins })
  @ApiZodParam('id', RuleId, 'the rule id (a UUID)')
  @ApiZodResponse(200, getRule.response)
  @ApiErrors(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(RuleId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(getRule, principal, { id }, { requestId });
  }

  @Put(':id')
  @ApiOperation({ summary: updateRule.summary, description: admins })
  @ApiZodParam('id', RuleId, 'the rule id (a UUID)')
  @ApiZodBody(RoutingRuleInput)
  @ApiZodResponse(200, updateRule.response)
  @ApiErrors(404, 409)
  update(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(RuleId)) id: string, @Body(new ZodValidationPipe(RoutingRuleInput)) body: z.output<typeof RoutingRuleInput>, @RequestId() requestId: string) {
    return this.rpc.request(updateRule, principal, { ...body, id }, { requestId });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: deleteRule.summary, description: admins })
  @ApiZodParam('id', RuleId, 'the rule id (a UUID)')
  @ApiErrors(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(RuleId)) id: string, @RequestId() requestId: string): Promise<void> {
    await this.rpc.request(deleteRule, principal, { id }, { requestId });
  }
}

@ApiTags('publications')
@Authenticated()
@ApiErrors(400, 401, 404, 503)
@Controller('publications')
export class PublicationRoutingHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/routing')
  @ApiOperation({ summary: explainRouting.summary })
  @ApiZodParam('id', PublicationId, 'the publication id (a UUID)')
  @ApiZodResponse(200, explainRouting.response)
  explain(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) publicationId: string, @RequestId() requestId: string) {
    return this.rpc.request(explainRouting, principal, { publicationId }, { requestId });
  }
}
