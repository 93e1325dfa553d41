import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

/** Every error answer of the API (DESIGN §6): also the schema of error responses in the OpenAPI document. */
export const HttpErrorBody = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  /** Field-level issues of a 400: `[{ path, message }]`. */
  details: z.unknown().optional(),
  /** Set on a 500: quote it to the operators, who find it in the logs. */
  errorId: z.string().optional(),
});
export type HttpErrorBody = z.infer<typeof HttpErrorBody>;

export function httpErrorBody(statusCode: number, message: string, details?: unknown, errorId?: string): HttpErrorBody {
  const body: HttpErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (details !== undefined) body.details = details;
  if (errorId !== undefined) body.errorId = errorId;
  return body;
}
