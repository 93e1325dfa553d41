import { BadRequestException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { AppError, ErrorCode } from '@diplomatie/contracts';
import { toHttpError } from './http-error.filter';
import { httpStatusOf } from './http-status';

describe(httpStatusOf.name, () => {
  const expected: Record<ErrorCode, number> = {
    VALIDATION_FAILED: 400,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    PAYLOAD_TOO_LARGE: 413,
    UNAVAILABLE: 503,
    INTERNAL: 500,
  };

  it.each(Object.values(ErrorCode))('maps %s to its status', (code) => {
    expect(httpStatusOf(code)).toBe(expected[code]);
  });

  it('refuses a code that is not in the enum (one from a newer peer)', () => {
    expect(() => httpStatusOf('TEAPOT' as ErrorCode)).toThrow(/unreachable/);
  });
});

describe(toHttpError.name, () => {
  const logger = new Logger('test');
  const context = { requestId: 'req-1', method: 'GET', url: '/api/v1/me' };
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('keeps the message and field details of an AppError', () => {
    const sut = toHttpError(new AppError(ErrorCode.ValidationFailed, 'invalid body: subject: Too small', [{ path: 'subject', message: 'Too small' }]), logger, context);
    expect(sut).toEqual({ statusCode: 400, error: 'Bad Request', message: 'invalid body: subject: Too small', details: [{ path: 'subject', message: 'Too small' }] });
  });

  it('turns an unknown error into a 500 with an errorId and no stack', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'units')");
    const log = jest.spyOn(logger, 'error');
    const sut = toHttpError(error, logger, context);
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ errorId: sut.errorId, requestId: 'req-1', err: error }), expect.stringContaining(String(sut.errorId)));
    expect(sut).toEqual({ statusCode: 500, error: 'Internal Server Error', message: `internal error ${sut.errorId}`, errorId: expect.any(String) });
    expect(JSON.stringify(sut)).not.toContain('units');
  });

  it('keeps the shape for Nest HTTP exceptions', () => {
    expect(toHttpError(new NotFoundException('Cannot GET /api/v1/nowhere'), logger, context))
      .toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/v1/nowhere' });
    expect(toHttpError(new BadRequestException(['a must be set', 'b must be set']), logger, context))
      .toEqual({ statusCode: 400, error: 'Bad Request', message: 'a must be set; b must be set', details: ['a must be set', 'b must be set'] });
    expect(toHttpError(new ServiceUnavailableException({ status: 'error', details: { nats: { status: 'down' } } }), logger, context))
      .toMatchObject({ statusCode: 503, error: 'Service Unavailable', details: { status: 'error', details: { nats: { status: 'down' } } } });
  });

  it("keeps Fastify's own 4xx refusals", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toHttpError(tooLarge, logger, context)).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' });
  });
});
