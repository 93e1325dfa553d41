import { z } from 'zod';

/**
 * Error codes cross process boundaries, not classes (`instanceof` dies on the wire).
 * The gateway maps each code to an HTTP status with an exhaustive switch.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ErrorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export const RpcErrorBody = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
  errorId: z.string().optional(),
});
export type RpcErrorBody = z.infer<typeof RpcErrorBody>;

/** Every reply of a request/reply subject: the payload, or an error code. */
export const RpcReplyEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorBody }),
]);
export type RpcReplyEnvelope = z.infer<typeof RpcReplyEnvelope>;

/** The error a service throws; the transport turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NotFound, `${what} not found`);
  }

  toBody(): RpcErrorBody {
    return { code: this.code, message: this.message, details: this.details, errorId: this.errorId };
  }
}

/** Field-level details of a validation failure, the same shape everywhere. */
export interface ValidationIssue {
  path: string;
  message: string;
}
export function validationIssues(error: z.ZodError): ValidationIssue[] {
  const pathOf = (path: PropertyKey[]) => path.map(String).join('.') || '(root)';
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at the field itself, so a client can point at it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'unknown field' }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}
export function validationError(error: z.ZodError, what = 'request'): AppError {
  const issues = validationIssues(error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new AppError(ErrorCode.ValidationFailed, `invalid ${what}: ${summary}`, issues);
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
