import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ParsedRequestOf, Principal, SignatureContracts as C } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const Id = z.uuid();
const circuitIdDescription = 'the circuit id (a UUID; anything else is a 400)';
const stepIdDescription = 'the step id, as listed in the circuit\'s stages';
const ApproveBody = C.approve.request.omit({ circuitId: true, stepId: true });
const SignBody = C.sign.request.omit({ circuitId: true, stepId: true });
const RejectBody = C.reject.request.omit({ circuitId: true, stepId: true });
const DelegateBody = C.delegate.request.omit({ circuitId: true, stepId: true });
const DocumentQuery = C.document.request.omit({ id: true });
const CommentBody = C.comment.request.omit({ circuitId: true });

/** Sends a stored file as bytes, named for download. */
function sendFile(reply: FastifyReply, file: { name: string; mediaType: string; content: string }): Buffer {
  void reply.header('content-type', file.mediaType);
  void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  return Buffer.from(file.content, 'base64');
}

@ApiTags('parapheur')
@Authenticated()
@ApiErrors(401, 503)
@Controller('circuits')
export class ParapheurHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: C.start.summary, description: 'JSON with the document base64-encoded (at most 512 KiB decoded).' })
  @ApiZodBody(C.start.request)
  @ApiZodResponse(201, C.start.response, 'The circuit, its first stage pending')
  @ApiErrors(400, 403, 413)
  start(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(C.start.request)) body: ParsedRequestOf<typeof C.start>, @RequestId() requestId: string) {
    return this.rpc.request(C.start, principal, body, { requestId });
  }

  @Get(':id')
  @ApiOperation({ summary: C.get.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodResponse(200, C.get.response)
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.get, principal, { id }, { requestId });
  }

  @Post(':id/steps/:stepId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: C.approve.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodParam('stepId', Id, stepIdDescription)
  @ApiZodBody(ApproveBody)
  @ApiZodResponse(200, C.approve.response)
  @ApiErrors(400, 403, 404, 409)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) circuitId: string, @Param('stepId', new ZodValidationPipe(Id)) stepId: string, @Body(new ZodValidationPipe(ApproveBody)) body: z.output<typeof ApproveBody>, @RequestId() requestId: string) {
    return this.rpc.request(C.approve, principal, { ...body, circuitId, stepId }, { requestId });
  }

  @Post(':id/steps/:stepId/sign')
  @HttpCode(200)
  @ApiOperation({ summary: C.sign.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodParam('stepId', Id, stepIdDescription)
  @ApiZodBody(SignBody)
  @ApiZodResponse(200, C.sign.response)
  @ApiErrors(400, 403, 404, 409)
  sign(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) circuitId: string, @Param('stepId', new ZodValidationPipe(Id)) stepId: string, @Body(new ZodValidationPipe(SignBody)) body: z.output<typeof SignBody>, @RequestId() requestId: string) {
    return this.rpc.request(C.sign, principal, { ...body, circuitId, stepId }, { requestId });
  }

  @Post(':id/steps/:stepId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: C.reject.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodParam('stepId', Id, stepIdDescription)
  @ApiZodBody(RejectBody)
  @ApiZodResponse(200, C.reject.response)
  @ApiErrors(400, 403, 404, 409)
  reject(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) circuitId: string, @Param('stepId', new ZodValidationPipe(Id)) stepId: string, @Body(new ZodValidationPipe(RejectBody)) body: z.output<typeof RejectBody>, @RequestId() requestId: string) {
    return this.rpc.request(C.reject, principal, { ...body, circuitId, stepId }, { requestId });
  }

  @Post(':id/steps/:stepId/delegate')
  @HttpCode(200)
  @ApiOperation({ summary: C.delegate.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodParam('stepId', Id, stepIdDescription)
  @ApiZodBody(DelegateBody)
  @ApiZodResponse(200, C.delegate.response)
  @ApiErrors(400, 403, 404, 409)
  delegate(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) circuitId: string, @Param('stepId', new ZodValidationPipe(Id)) stepId: string, @Body(new ZodValidationPipe(DelegateBody)) body: z.output<typeof DelegateBody>, @RequestId() requestId: string) {
    return this.rpc.request(C.delegate, principal, { ...body, circuitId, stepId }, { requestId });
  }

  @Post(':id/comments')
  @ApiOperation({ summary: C.comment.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodBody(CommentBody)
  @ApiZodResponse(201, C.comment.response)
  @ApiErrors(400, 403, 404)
  comment(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) circuitId: string, @Body(new ZodValidationPipe(CommentBody)) body: z.output<typeof CommentBody>, @RequestId() requestId: string) {
    return this.rpc.request(C.comment, principal, { ...body, circuitId }, { requestId });
  }

  @Get(':id/document')
  @ApiOperation({ summary: C.document.summary, description: 'The bytes, with the document\'s media type.' })
  @ApiProduces('application/octet-stream')
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodQuery(DocumentQuery)
  @ApiErrors(400, 404)
  async document(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @Query(new ZodValidationPipe(DocumentQuery)) query: z.output<typeof DocumentQuery>, @RequestId() requestId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendFile(reply, await this.rpc.request(C.document, principal, { id, ...query }, { requestId }));
  }

  @Get(':id/signatures/:signatureId')
  @ApiOperation({ summary: C.signature.summary, description: 'The DER-encoded CMS (`application/pkcs7-signature`, a .p7s file).' })
  @ApiProduces('application/pkcs7-signature')
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodParam('signatureId', Id, 'the signature id, as the signed step gives it')
  @ApiErrors(400, 404)
  async signature(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) circuitId: string, @Param('signatureId', new ZodValidationPipe(Id)) signatureId: string, @RequestId() requestId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendFile(reply, { ...(await this.rpc.request(C.signature, principal, { circuitId, signatureId }, { requestId })), name: `${signatureId}.p7s` });
  }

  @Get(':id/proof')
  @ApiOperation({ summary: C.proof.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodResponse(200, C.proof.response)
  @ApiErrors(400, 404)
  proof(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.proof, principal, { id }, { requestId });
  }

  @Post(':id/proof/verify')
  @HttpCode(200)
  @ApiOperation({ summary: C.verifyProof.summary })
  @ApiZodParam('id', Id, circuitIdDescription)
  @ApiZodResponse(200, C.verifyProof.response)
  @ApiErrors(400, 404)
  verifyProof(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(C.verifyProof, principal, { id }, { requestId });
  }
}

@ApiTags('parapheur')
@Authenticated()
@ApiErrors(401, 503)
@Controller('signatures')
export class SignaturesHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: C.verify.summary, description: 'A signed PDF alone, or any document with its detached CMS signature, both base64.' })
  @ApiZodBody(C.verify.request)
  @ApiZodResponse(200, C.verify.response)
  @ApiErrors(400, 413)
  verify(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(C.verify.request)) body: ParsedRequestOf<typeof C.verify>, @RequestId() requestId: string) {
    return this.rpc.request(C.verify, principal, body, { requestId });
  }
}
