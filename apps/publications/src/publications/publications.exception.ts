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
  authorOnly: () => new AppError(ErrorCode.Forbidden, 'only its author may publish a publication'),
  notADraft: (status: string, reference: string | null) =>
    new AppError(ErrorCode.Conflict, `the publication is already ${status}${reference ? ` as ${reference}` : ''}: only a draft can be published`),
} as const;
