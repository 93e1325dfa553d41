import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParsedRequestOf, Principal, PublicationContracts } from '@diplomatie/contracts';
import { z } from 'zod';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse, openApiSchema } from '../http/openapi';
import { createPublicationExamples } from './publication-examples';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { create, publish, get, list, edit, versions, withdraw, audienceByUnit } = PublicationContracts;
// The HTTP bodies: the contract's request minus the id the path carries.
const EditBody = edit.request.omit({ id: true });
const WithdrawBody = withdraw.request.omit({ id: true }).default({}); // a body is optional
const PublicationId = get.request.shape.id;
const idDescription = 'the publication id (a UUID; anything else is a 400)';

@ApiTags('publications')
@Authenticated()
@ApiErrors(401, 403, 503)
@Controller('publications')
export class PublicationsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: create.summary,
    description:
      'One shape per `kind`, each validated on its own (unknown fields are a 400): a telegram and a diplomatic note need a unit pour action, ' +
      'a note its addressee units and a summary, a formal letter its external recipient, a post its communities and no unit pour action. ' +
      'The body is sanitised to an allow-list of formatting (no script, style, frame, image, event handler or javascript: link).',
  })
  @ApiBody({ schema: openApiSchema(create.request, 'input'), examples: createPublicationExamples })
  @ApiZodResponse(201, create.response, 'The draft')
  @ApiErrors(400, 413)
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(create.request)) draft: ParsedRequestOf<typeof create>, @RequestId() requestId: string) {
    return this.rpc.request(create, principal, draft, { requestId });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiZodParam('id', PublicationId, idDescription)
  @ApiOperation({ summary: publish.summary, description: 'A formal letter marked `signatureRequired` answers 409 until a signature circuit has signed it.' })
  @ApiZodResponse(200, publish.response, 'The published publication')
  @ApiErrors(400, 404, 409)
  publish(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(publish, principal, { id }, { requestId });
  }

  @Get('audience-by-unit')
  @ApiOperation({ summary: audienceByUnit.summary, description: 'Ranked by `normalisedAudience` = unique readers / reach summed over each unit’s publications of the period, so that a small post compares with a large one.' })
  @ApiZodQuery(audienceByUnit.request)
  @ApiZodResponse(200, audienceByUnit.response)
  @ApiErrors(400)
  audienceByUnit(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(audienceByUnit.request)) query: ParsedRequestOf<typeof audienceByUnit>, @RequestId() requestId: string) {
    return this.rpc.request(audienceByUnit, principal, query, { requestId });
  }

  @Patch(':id')
  @ApiOperation({
    summary: edit.summary,
    description:
      'Send only the fields that change; the result is validated as a whole against its kind’s rules (400 naming each field). ' +
      'On a published publication this makes version n+1 (see `/versions`) and emits `publication.updated.v1`; a withdrawn one answers 409.',
  })
  @ApiZodParam('id', PublicationId, idDescription)
  @ApiBody({ schema: openApiSchema(EditBody, 'input'), examples: { summary: { summary: 'Correct the summary and add a unit pour information', value: { summary: 'Belgrade confirme le calendrier.', forInformation: ['meae-com', 'meae-dgm-dde'] } } } })
  @ApiZodResponse(200, edit.response, 'The publication as edited')
  @ApiErrors(400, 404, 409)
  edit(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) id: string, @Body(new ZodValidationPipe(EditBody)) changes: z.output<typeof EditBody>, @RequestId() requestId: string) {
    return this.rpc.request(edit, principal, { ...changes, id }, { requestId });
  }

  @Get(':id/versions')
  @ApiOperation({ summary: versions.summary })
  @ApiZodParam('id', PublicationId, idDescription)
  @ApiZodResponse(200, versions.response)
  @ApiErrors(400, 404)
  versions(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(versions, principal, { id }, { requestId });
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: withdraw.summary, description: 'Emits `publication.withdrawn.v1`: journals and search drop it. A draft or an already withdrawn publication answers 409.' })
  @ApiZodParam('id', PublicationId, idDescription)
  @ApiZodBody(WithdrawBody)
  @ApiZodResponse(200, withdraw.response, 'The withdrawn publication')
  @ApiErrors(400, 404, 409)
  withdraw(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PublicationId)) id: string, @Body(new ZodValidationPipe(WithdrawBody)) body: z.output<typeof WithdrawBody>, @RequestId() requestId: string) {
    return this.rpc.request(withdraw, principal, { ...body, id }, { requestId });
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
