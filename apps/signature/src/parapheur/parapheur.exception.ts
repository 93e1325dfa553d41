import { AppError, ErrorCode } from '@diplomatie/contracts';

/** The parapheur's refusals, as the wire error codes the gateway maps to HTTP statuses. */
export const ParapheurError = {
  circuitNotFound: () => AppError.notFound('circuit'),
  stepNotFound: () => AppError.notFound('step'),
  signatureNotFound: () => AppError.notFound('signature'),
  notAnAgent: () => new AppError(ErrorCode.Forbidden, 'only an agent of the administrations starts or acts on a circuit'),
  notTheActor: () => new AppError(ErrorCode.Forbidden, 'this step is for another agent (or the head of another unit)'),
  notTheHolder: () => new AppError(ErrorCode.Forbidden, 'only the holder of a step delegates it'),
  circuitOver: (status: string) => new AppError(ErrorCode.Conflict, `the circuit is ${status}`),
  stepNotPending: (status: string) => new AppError(ErrorCode.Conflict, `the step is ${status}, not pending`),
  wrongAction: (kind: string, expected: string) => new AppError(ErrorCode.Conflict, `a ${kind} step is acted on with ${expected}`),
  invalid: (path: string, message: string) => new AppError(ErrorCode.ValidationFailed, `invalid request: ${path}: ${message}`, [{ path, message }]),
};
