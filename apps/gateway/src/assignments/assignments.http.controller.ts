import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Principal, RoutingContracts } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { getAssignment, acknowledge, start, complete, reassign } = RoutingContracts;
const AssignmentId = getAssignment.request.shape.id;
const idDescription = 'the assignment id (a UUID; anything else is a 400)';
// The id comes from the path; a body with only optional fields may be left out.
const AcknowledgeBody = acknowledge.request.omit({ id: true }).default({});
const StartBody = start.request.omit({ id: true }).default({});
const CompleteBody = complete.request.omit({ id: true }).default({});
const ReassignBody = reassign.request.omit({ id: true });
const who = 'Only agents of the assigned unit or a head above it may act (403); 404 if the caller cannot see the publication; 409 if the workflow forbids it.';

@ApiTags('assignments')
@Authenticated()
@ApiErrors(400, 401, 404, 503)
@Controller('assignments')
export class AssignmentsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id')
  @ApiOperation({ summary: getAssignment.summary })
  @ApiZodParam('id', AssignmentId, idDescription)
  @ApiZodResponse(200, getAssignment.response)
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(AssignmentId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(getAssignment, principal, { id }, { requestId });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: acknowledge.summary, description: who })
  @ApiZodParam('id', AssignmentId, idDescription)
  @ApiZodBody(AcknowledgeBody)
  @ApiZodResponse(200, acknowledge.response)
  @ApiErrors(403, 409)
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(AssignmentId)) id: string, @Body(new ZodValidationPipe(AcknowledgeBody)) body: z.output<typeof AcknowledgeBody>, @RequestId() requestId: string) {
    return this.rpc.request(acknowledge, principal, { ...body, id }, { requestId });
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({ summary: start.summary, description: who })
  @ApiZodParam('id', AssignmentId, idDescription)
  @ApiZodBody(StartBody)
  @ApiZodResponse(200, start.response)
  @ApiErrors(403, 409)
  start(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(AssignmentId)) id: string, @Body(new ZodValidationPipe(StartBody)) body: z.output<typeof StartBody>, @RequestId() requestId: string) {
    return this.rpc.request(start, principal, { ...body, id }, { requestId });
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: complete.summary, description: who })
  @ApiZodParam('id', AssignmentId, idDescription)
  @ApiZodBody(CompleteBody)
  @ApiZodResponse(200, complete.response)
  @ApiErrors(403, 409)
  complete(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(AssignmentId)) id: string, @Body(new ZodValidationPipe(CompleteBody)) body: z.output<typeof CompleteBody>, @RequestId() requestId: string) {
    return this.rpc.request(complete, principal, { ...body, id }, { requestId });
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: reassign.summary, description: who })
  @ApiZodParam('id', AssignmentId, idDescription)
  @ApiZodBody(ReassignBody)
  @ApiZodResponse(200, reassign.response)
  @ApiErrors(403, 409)
  reassign(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(AssignmentId)) id: string, @Body(new ZodValidationPipe(ReassignBody)) body: z.output<typeof ReassignBody>, @RequestId() requestId: string) {
    return this.rpc.request(reassign, principal, { ...body, id }, { requestId });
  }
}
