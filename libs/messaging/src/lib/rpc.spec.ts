import { Logger } from '@nestjs/common';
import { AppError, ErrorCode, InvalidCursorError } from '@diplomatie/contracts';
import { toErrorBody } from './rpc';

describe(toErrorBody.name, () => {
  const logger = new Logger('test');
  beforeEach(() => jest.spyOn(logger, 'error').mockImplementation(() => undefined));

  it('keeps the code, message and details of a business error', () => {
    const body = toErrorBody(new AppError(ErrorCode.Conflict, 'déjà publié', { id: 'x' }), logger, {});
    expect(body).toEqual({ code: 'CONFLICT', message: 'déjà publié', details: { id: 'x' }, errorId: undefined });
  });

  it('turns a cursor the API did not issue into a validation error', () => {
    expect(toErrorBody(new InvalidCursorError(), logger, {}).code).toBe('VALIDATION_FAILED');
  });

  it('hides an unexpected error behind an errorId that is also logged', () => {
    const body = toErrorBody(new TypeError('secret stack detail'), logger, { subject: 's' });
    expect(body.code).toBe('INTERNAL');
    expect(body.message).not.toContain('secret');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ errorId: body.errorId, subject: 's' }), expect.any(String));
  });
});
