import { AppError, ErrorCode } from '@diplomatie/contracts';

/** The errors of this module; only their codes cross the wire. */
export const PublicationError = {
  // One message whether it does not exist or is hidden: a 404 must not reveal existence.
  notFound: () => AppError.notFound('publication'),
  agentsOnly: () => new AppError(ErrorCode.Forbidden, 'only an agent of a participating administration may write publications'),
  noUnit: () => new AppError(ErrorCode.Forbidden, 'you belong to no unit: a publication is emitted by one of its author’s units'),
  notYourUnit: (unit: string, own: string[]) =>
    new AppError(ErrorCode.Forbidden, `you may not emit on behalf of ${unit}: choose one of your units (${own.join(', ')})`, {
      path: 'emittingUnitId',
      allowed: own,
    }),
  authorOnly: (what = 'publish') => new AppError(ErrorCode.Forbidden, `only its author may ${what} a publication`),
  withdrawn: () => new AppError(ErrorCode.Conflict, 'the publication was withdrawn: it can no longer change'),
  notYetPublished: () => new AppError(ErrorCode.Conflict, 'only a published publication can be withdrawn (a draft is simply left unpublished)'),
  notADraft: (status: string, reference: string | null) =>
    new AppError(ErrorCode.Conflict, `the publication is already ${status}${reference ? ` as ${reference}` : ''}: only a draft can be published`),
  signatureFirst: (reference: string | null) =>
    new AppError(
      ErrorCode.Conflict,
      `a signature circuit must complete first: this formal letter requires a signature${reference ? ` (${reference})` : ''}, and it cannot be published until the parapheur has signed its main document`,
    ),
  commentNotFound: () => AppError.notFound('comment'),
  readersOnly: (what: string) => new AppError(ErrorCode.Forbidden, `only a reader (an agent or a partner) may ${what}`),
  notPublished: (what: string) => new AppError(ErrorCode.Conflict, `only a published publication can be ${what}`),
  ownPublication: () => new AppError(ErrorCode.Forbidden, 'authors cannot rate their own publication'),
  commentAuthorOnly: (what: string) => new AppError(ErrorCode.Forbidden, `only its author may ${what} a comment`),
  commentDeleted: () => new AppError(ErrorCode.Conflict, 'the comment was deleted'),
  replyToReply: () =>
    new AppError(ErrorCode.ValidationFailed, 'invalid request: parentId: threads are one level deep: answer the thread’s first comment', [
      { path: 'parentId', message: 'threads are one level deep: answer the thread’s first comment' },
    ]),
  emptyComment: () =>
    new AppError(ErrorCode.ValidationFailed, 'invalid request: body: nothing is left of the comment once sanitised', [
      { path: 'body', message: 'nothing is left of the comment once sanitised' },
    ]),
} as const;
