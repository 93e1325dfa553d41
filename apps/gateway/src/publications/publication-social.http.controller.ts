import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal, PublicationContracts } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { z } from 'zod';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { addComment, editComment, deleteComment, listComments, rate, audience } = PublicationContracts;
const Id = z.uuid();
const idDescription = 'the publication id (a UUID; anything else is a 400)';
const commentIdDescription = 'the comment id (a UUID)';
// The HTTP bodies and queries: the contract's request minus what the path carries.
const AddCommentBody = addComment.request.omit({ publicationId: true });
const EditCommentBody = editComment.request.omit({ publicationId: true, commentId: true });
const ListCommentsQuery = listComments.request.omit({ publicationId: true });
const RateBody = rate.request.omit({ publicationId: true });

/** The discussion, ratings and audience of a publication: the same access rule as the publication (404 otherwise). */
@ApiTags('publications')
@Authenticated()
@ApiErrors(401, 503)
@Controller('publications/:id')
export class PublicationSocialHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('comments')
  @ApiOperation({ summary: addComment.summary, description: 'Threads are one level deep: `parentId` names a top-level comment. The body is sanitised like a publication’s. Emits `publication.commented.v1`.' })
  @ApiZodParam('id', Id, idDescription)
  @ApiZodBody(AddCommentBody)
  @ApiZodResponse(201, addComment.response, 'The comment')
  @ApiErrors(400, 403, 404, 409)
  addComment(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @Body(new ZodValidationPipe(AddCommentBody)) body: z.output<typeof AddCommentBody>, @RequestId() requestId: string) {
    return this.rpc.request(addComment, principal, { ...body, publicationId: id }, { requestId });
  }

  @Get('comments')
  @ApiOperation({ summary: listComments.summary })
  @ApiZodParam('id', Id, idDescription)
  @ApiZodQuery(ListCommentsQuery)
  @ApiZodResponse(200, listComments.response)
  @ApiErrors(400, 404)
  listComments(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @Query(new ZodValidationPipe(ListCommentsQuery)) query: z.output<typeof ListCommentsQuery>, @RequestId() requestId: string) {
    return this.rpc.request(listComments, principal, { ...query, publicationId: id }, { requestId });
  }

  @Put('comments/:commentId')
  @ApiOperation({ summary: editComment.summary })
  @ApiZodParam('id', Id, idDescription)
  @ApiZodParam('commentId', Id, commentIdDescription)
  @ApiZodBody(EditCommentBody)
  @ApiZodResponse(200, editComment.response, 'The edited comment')
  @ApiErrors(400, 403, 404, 409)
  editComment(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @Param('commentId', new ZodValidationPipe(Id)) commentId: string, @Body(new ZodValidationPipe(EditCommentBody)) body: z.output<typeof EditCommentBody>, @RequestId() requestId: string) {
    return this.rpc.request(editComment, principal, { ...body, publicationId: id, commentId }, { requestId });
  }

  @Delete('comments/:commentId')
  @ApiOperation({ summary: deleteComment.summary })
  @ApiZodParam('id', Id, idDescription)
  @ApiZodParam('commentId', Id, commentIdDescription)
  @ApiZodResponse(200, deleteComment.response)
  @ApiErrors(400, 403, 404, 409)
  deleteComment(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @Param('commentId', new ZodValidationPipe(Id)) commentId: string, @RequestId() requestId: string) {
    return this.rpc.request(deleteComment, principal, { publicationId: id, commentId }, { requestId });
  }

  @Put('rating')
  @HttpCode(200)
  @ApiOperation({ summary: rate.summary, description: 'One rating per reader; a new PUT replaces it. Its author gets 403; a draft 409. Emits `publication.rated.v1`.' })
  @ApiZodParam('id', Id, idDescription)
  @ApiZodBody(RateBody)
  @ApiZodResponse(200, rate.response, 'The caller’s rating and the publication’s figures')
  @ApiErrors(400, 403, 404, 409)
  rate(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @Body(new ZodValidationPipe(RateBody)) body: z.output<typeof RateBody>, @RequestId() requestId: string) {
    return this.rpc.request(rate, principal, { ...body, publicationId: id }, { requestId });
  }

  @Get('audience')
  @ApiOperation({ summary: audience.summary, description: '`normalisedAudience` = `uniqueReaders` / `reach`, so that a small post’s note compares with a large one’s.' })
  @ApiZodParam('id', Id, idDescription)
  @ApiZodResponse(200, audience.response)
  @ApiErrors(400, 404)
  audience(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(Id)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(audience, principal, { publicationId: id }, { requestId });
  }
}
