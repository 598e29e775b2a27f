import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-errors';
import { DomainError } from './domain-error';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem.dto';
import { requestIdOf } from './request-id';
import { RequestValidationError } from './validation';
import { contractFor } from './route-contracts';
import { allowedMethods, RouteFinder } from './allowed-methods';
import { redactUrl } from '../observability/logging';

/** A route's request (Fastify's) or, from a Nest middleware, the raw one. */
export type HttpRequest = Pick<FastifyRequest, 'method' | 'url'> & { originalUrl?: string; raw?: IncomingMessage; server?: RouteFinder };
export type HttpResponse = FastifyReply | ServerResponse;

const isReply = (response: HttpResponse): response is FastifyReply => typeof (response as FastifyReply).code === 'function';

function sendAnswer(response: HttpResponse, status: number, headers: Record<string, string>, contentType: string, body: string): void {
  if (isReply(response)) {
    response.status(status).headers(headers).type(contentType).send(body);
    return;
  }
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('content-type', contentType);
  response.end(body);
}

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  extensions?: Record<string, unknown>;
  retryAfterSeconds?: number;
  /** Headers the answer needs (Allow of a 405). */
  headers?: Record<string, string>;
}

/** Retry-After of an answer given while the database cannot be reached. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

const HTTP_CODES: Record<number, [code: string, title: string]> = {
  400: ['BAD_REQUEST', 'Bad request'],
  401: ['UNAUTHENTICATED', 'Authentication required'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not found'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  409: ['CONFLICT', 'Conflict'],
  413: ['PAYLOAD_TOO_LARGE', 'Payload too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'],
  422: ['UNPROCESSABLE_ENTITY', 'Unprocessable entity'],
  429: ['RATE_LIMITED', 'Too many requests'],
  503: ['SERVICE_UNAVAILABLE', 'Service unavailable'],
};

interface PrismaKnownError {
  name: 'PrismaClientKnownRequestError';
  code: string;
  meta?: Record<string, unknown>;
}

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  return (error as PrismaKnownError)?.name === 'PrismaClientKnownRequestError' && typeof (error as PrismaKnownError).code === 'string';
}

/** Errors thrown by body-parser before a route runs (broken JSON, body too large, bad charset). */
interface BodyParserError {
  type: string;
  status: number;
  expose?: boolean;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof (error as BodyParserError)?.type === 'string' && typeof (error as BodyParserError)?.status === 'number';
}

/** Errors Fastify raises while reading a request (body too large, unknown content type, broken stream). */
interface RequestReadError {
  statusCode: number;
  code?: string;
}

function isRequestReadError(error: unknown): error is RequestReadError {
  // Not `instanceof Error`: Node's own errors (zlib's) may come from another realm (test runners).
  const status = (error as RequestReadError)?.statusCode;
  return typeof (error as Error)?.message === 'string' && typeof status === 'number' && status >= 400 && status < 500;
}

const READ_ERROR_TYPES: Record<number, string> = { 413: 'entity.too.large', 415: 'content-type.unsupported' };

/**
 * The only place errors become HTTP answers: every failure leaves as application/problem+json with
 * a stable code and the request id. Unknown errors are logged with their stack and answered 500
 * without internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.answer(exception, http.getRequest<HttpRequest>(), http.getResponse<HttpResponse>());
  }

  /** Also called directly for what Fastify refuses before any route runs (a malformed URL). */
  answer(exception: unknown, request: HttpRequest, response: HttpResponse): void {
    const problem = this.toProblem(exception, request);
    const raw = isReply(response) ? response.raw : response;
    const requestId = requestIdOf(request.raw ?? (request as unknown as IncomingMessage), raw);

    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId }, `Unhandled error on ${request.method} ${redactUrl(request.originalUrl ?? request.url)}`);
    }
    if (raw.headersSent) return;
    // A wrong method never reached the contract's route: the router's refusal keeps problem+json.
    const contract = problem.status === 405 ? undefined : contractFor(request)?.onError(problem.status);
    if (contract) {
      sendAnswer(response, contract.status, {}, 'application/json; charset=utf-8', JSON.stringify(contract.body));
      return;
    }

    const body: ProblemDetails = {
      type: problemType(problem.code),
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      requestId,
      ...problem.extensions,
    };
    const headers: Record<string, string> = { ...problem.headers };
    if (problem.status === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (problem.code === 'DATABASE_UNAVAILABLE' || problem.code === 'NOT_READY') headers['Retry-After'] = String(DATABASE_RETRY_AFTER_SECONDS);
    if (problem.retryAfterSeconds) headers['Retry-After'] = String(problem.retryAfterSeconds);
    sendAnswer(response, problem.status, headers, `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, JSON.stringify(body));
  }

  toProblem(exception: unknown, request: HttpRequest): Problem {
    if (exception instanceof DomainError) {
      return { status: exception.status, code: exception.code, title: exception.title, detail: exception.message, extensions: exception.extensions, retryAfterSeconds: exception.retryAfterSeconds };
    }
    if (exception instanceof RequestValidationError) {
      return {
        status: 400,
        code: 'VALIDATION_FAILED',
        title: 'Validation failed',
        detail: exception.message,
        extensions: exception.invalidParamsCount > exception.invalidParams.length ? { invalidParams: exception.invalidParams, invalidParamsCount: exception.invalidParamsCount } : { invalidParams: exception.invalidParams },
      };
    }
    if (exception instanceof ThrottlerException) {
      return { status: 429, code: 'RATE_LIMITED', title: 'Too many requests', detail: 'Rate limit exceeded; retry later.' };
    }
    if (exception instanceof HttpException) {
      // Nest wraps body-parser failures (broken JSON, body too large) with the original as cause.
      if (isBodyParserError(exception.cause)) return this.fromBodyParser(exception.cause);
      return this.fromHttpException(exception, request);
    }
    if (isBodyParserError(exception)) {
      return this.fromBodyParser(exception);
    }
    if (isRequestReadError(exception)) {
      if (exception.code === 'FST_ERR_BAD_URL') return { status: 400, code: 'BAD_REQUEST', title: 'Bad request', detail: 'The request path is not valid: a percent-encoded part does not decode.' };
      return this.fromBodyParser({ type: READ_ERROR_TYPES[exception.statusCode] ?? 'request.unreadable', status: exception.statusCode });
    }
    if (isDatabaseUnavailable(exception)) {
      return { status: 503, code: 'DATABASE_UNAVAILABLE', title: 'Service unavailable', detail: `The database cannot be reached at the moment; retry in ${DATABASE_RETRY_AFTER_SECONDS} s.` };
    }
    if (isPrismaKnownError(exception)) {
      const mapped = this.fromPrisma(exception, request);
      if (mapped) return mapped;
    }
    return { status: 500, code: 'INTERNAL_ERROR', title: 'Internal server error', detail: 'An unexpected error occurred. Quote the request id when reporting it.' };
  }

  private fromHttpException(exception: HttpException, request: HttpRequest): Problem {
    const status = exception.getStatus();
    const [code, title] = HTTP_CODES[status] ?? (status >= 500 ? ['INTERNAL_ERROR', 'Internal server error'] : ['HTTP_ERROR', 'Request failed']);
    if (status === 404 && exception.message.startsWith('Cannot ')) {
      const path = (request.originalUrl ?? request.url).split('?')[0];
      // The path after any old contract's rewrite, as the router saw it.
      const allow = request.server ? allowedMethods(request.server, request.url) : [];
      if (allow.length) {
        return {
          status: 405,
          code: 'METHOD_NOT_ALLOWED',
          title: 'Method not allowed',
          detail: `${request.method} is not served at ${path}; it serves ${allow.join(', ')}.`,
          headers: { Allow: allow.join(', ') },
        };
      }
      return { status, code: 'ROUTE_NOT_FOUND', title: 'Not found', detail: `No route for ${request.method} ${path}.` };
    }
    const body = exception.getResponse();
    // Health checks answer 503 with the state of each dependency: keep it in the problem body.
    const health = typeof body === 'object' && body && 'details' in body ? { checks: (body as { details: unknown }).details } : undefined;
    if (health && status === 503) {
      const down = Object.entries(health.checks as Record<string, { status?: string }>).filter(([, check]) => check?.status !== 'up').map(([name]) => name);
      return { status, code: 'NOT_READY', title: 'Not ready', detail: `Unavailable: ${down.join(', ') || 'a dependency'}.`, extensions: health };
    }
    const message = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : exception.message;
    const detail = status >= 500 ? 'An unexpected error occurred. Quote the request id when reporting it.' : Array.isArray(message) ? message.join('; ') : String(message);
    return { status, code, title, detail };
  }

  private fromBodyParser(error: BodyParserError): Problem {
    switch (error.type) {
      case 'entity.parse.failed':
        return { status: 400, code: 'MALFORMED_BODY', title: 'Malformed body', detail: 'The request body is not valid JSON.' };
      case 'entity.too.large':
        return { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large', detail: 'The request body exceeds the size limit.' };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type', detail: 'The request body encoding is not supported.' };
      case 'content-type.unsupported':
        return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type', detail: 'The request body content type is not supported: send application/json.' };
      default:
        return {
          status: error.status >= 400 && error.status < 500 ? error.status : 400,
          code: 'BAD_REQUEST',
          title: 'Bad request',
          detail: 'The request body could not be read.',
        };
    }
  }

  private fromPrisma(error: PrismaKnownError, request: HttpRequest): Problem | undefined {
    const target = describeTarget(error.meta);
    switch (error.code) {
      case 'P2002':
        return { status: 409, code: 'ALREADY_EXISTS', title: 'Already exists', detail: `A record with the same ${target ?? 'unique value'} already exists.` };
      case 'P2025':
        return { status: 404, code: 'NOT_FOUND', title: 'Not found', detail: 'The record does not exist.' };
      case 'P2003':
        // Deleting something still referenced is a conflict; writing a reference to nothing is bad input.
        return request.method === 'DELETE'
          ? { status: 409, code: 'IN_USE', title: 'In use', detail: 'The record is still referenced by other records.' }
          : { status: 400, code: 'INVALID_REFERENCE', title: 'Invalid reference', detail: `The referenced ${target ?? 'record'} does not exist.` };
      default:
        return undefined;
    }
  }
}

function describeTarget(meta: Record<string, unknown> | undefined): string | undefined {
  if (!meta) return undefined;
  const legacy = meta.target ?? meta.field_name;
  if (Array.isArray(legacy)) return legacy.join(', ');
  if (typeof legacy === 'string') return legacy;
  // Driver adapters report the constraint instead: its fields, or its index name (`<table>_<fields>_key`).
  const cause = (meta.driverAdapterError as { cause?: { table?: string; constraint?: { fields?: string[]; index?: string } } })?.cause;
  if (cause?.constraint?.fields?.length) return cause.constraint.fields.join(', ');
  const index = cause?.constraint?.index;
  if (index && cause?.table) return index.replace(new RegExp(`^${cause.table}_`), '').replace(/_(key|fkey|idx)$/, '').replace(/_/g, ', ');
  return undefined;
}
