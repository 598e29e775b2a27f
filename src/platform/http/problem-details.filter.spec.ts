import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from './domain-error';
import { HttpRequest, ProblemDetailsFilter } from './problem-details.filter';
import { RequestValidationError } from './validation';
import { UnreadableBodyError } from './body-parsers';
import type { RouteFinder } from './allowed-methods';

class WidgetNotFound extends DomainError {
  readonly code = 'WIDGET_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Widget not found';
}

const prismaError = (code: string, meta?: Record<string, unknown>) =>
  Object.assign(new Error('prisma says'), { name: 'PrismaClientKnownRequestError', code, meta });

describe('ProblemDetailsFilter.toProblem', () => {
  const filter = new ProblemDetailsFilter();
  const request = (method = 'POST'): HttpRequest => ({ method, url: '/api/v1/x?y=1', originalUrl: '/api/v1/x?y=1' });

  it('keeps a domain error code, status and message', () => {
    expect(filter.toProblem(new WidgetNotFound('Widget 7 does not exist.', { widgetId: 7 }), request())).toEqual({
      status: 404,
      code: 'WIDGET_NOT_FOUND',
      title: 'Widget not found',
      detail: 'Widget 7 does not exist.',
      extensions: { widgetId: 7 },
    });
  });

  it('lists invalid fields of a validation error', () => {
    const problem = filter.toProblem(new RequestValidationError([{ name: 'email', reasons: ['email must be an email'] }]), request());
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', extensions: { invalidParams: [{ name: 'email' }] } });
    expect(problem.detail).toContain('email');
  });

  it('maps Prisma unique, not-found and foreign-key errors', () => {
    expect(filter.toProblem(prismaError('P2002', { target: ['email'] }), request())).toMatchObject({ status: 409, code: 'ALREADY_EXISTS', detail: expect.stringContaining('email') });
    expect(filter.toProblem(prismaError('P2025'), request())).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(filter.toProblem(prismaError('P2003'), request('DELETE'))).toMatchObject({ status: 409, code: 'IN_USE' });
    expect(filter.toProblem(prismaError('P2003'), request('POST'))).toMatchObject({ status: 400, code: 'INVALID_REFERENCE' });
  });

  it('maps body-parser failures wrapped by Nest', () => {
    const broken = new BadRequestException('Unexpected token', { cause: Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 }) });
    expect(filter.toProblem(broken, request())).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
    const large = new HttpException('too large', 413, { cause: Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }) });
    expect(filter.toProblem(large, request())).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it("maps Fastify's failures to read a request and the body parsers' refusals", () => {
    const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });
    expect(filter.toProblem(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), request())).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(filter.toProblem(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), request())).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(filter.toProblem(fastifyError('Z_DATA_ERROR', 400), request())).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(filter.toProblem(new UnreadableBodyError('entity.parse.failed', 400, 'x'), request())).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
    expect(filter.toProblem(new UnreadableBodyError('charset.unsupported', 415, 'x'), request())).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers unknown routes and rate limits with their own codes', () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /api/v1/x'), request('GET'))).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', detail: 'No route for GET /api/v1/x.' });
    expect(filter.toProblem(new ThrottlerException(), request())).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('answers a wrong method on a served path 405 with Allow, from the router', () => {
    const served: Record<string, string[]> = { '/api/v1/x?y=1': ['GET', 'POST'] };
    const server = { findRoute: ({ method, url }: { method: string; url: string }) => (served[url]?.includes(method) ? {} : null) } as unknown as RouteFinder;
    expect(filter.toProblem(new NotFoundException('Cannot DELETE /api/v1/x'), { ...request('DELETE'), server })).toEqual({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      title: 'Method not allowed',
      detail: 'DELETE is not served at /api/v1/x; it serves GET, HEAD, POST.',
      headers: { Allow: 'GET, HEAD, POST' },
    });
    expect(filter.toProblem(new NotFoundException('Cannot GET /api/v1/z'), { method: 'GET', url: '/api/v1/z', server })).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('never leaks an unknown error', () => {
    const problem = filter.toProblem(new Error('connection string postgresql://u:secret@db failed'), request());
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(filter.toProblem(prismaError('P2010'), request())).toMatchObject({ status: 500 });
  });

  it('answers 503 DATABASE_UNAVAILABLE, without internals, when the database cannot be reached', () => {
    const problem = filter.toProblem(prismaError('P1001'), request());
    expect(problem).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(filter.toProblem(new Error('Connection terminated unexpectedly'), request())).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
  });
});
