import { DomainError } from './domain-error';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.dto';

/** A problem answer in the document: what a status means on a route, and the code it carries. */
export interface ProblemAnswer {
  status: number;
  code: string;
  title: string;
  detail: string;
  /** Extension members the answer carries (`invalidParams`, `missingClaims`, ...). */
  extra?: Record<string, unknown>;
}

/** The answer the problem filter writes for a domain error: its status, code, title, message and extensions. */
export function answerOf(error: DomainError): ProblemAnswer {
  return { status: error.status, code: error.code, title: error.title, detail: error.message, extra: error.extensions };
}

/** Each status's usual answer, as the problem filter writes it; routes name a more precise one. */
export const PROBLEM_ANSWERS: Record<number, ProblemAnswer> = {
  400: {
    status: 400,
    code: 'VALIDATION_FAILED',
    title: 'Validation failed',
    detail: 'The request has 1 invalid field.',
    extra: { invalidParams: [{ name: 'email', reasons: ['email must be an email'] }] },
  },
  401: { status: 401, code: 'UNAUTHENTICATED', title: 'Authentication required', detail: 'Send an access token: Authorization: Bearer <token> (POST /api/v1/auth/login).' },
  403: { status: 403, code: 'MISSING_CLAIMS', title: 'Forbidden', detail: 'This operation requires the claim users:read.', extra: { missingClaims: ['users:read'] } },
  404: { status: 404, code: 'NOT_FOUND', title: 'Not found', detail: 'The record does not exist.' },
  409: { status: 409, code: 'ALREADY_EXISTS', title: 'Already exists', detail: 'A record with the same value already exists.' },
  413: { status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large', detail: 'The request body exceeds the size limit.' },
  415: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type', detail: 'The request body content type is not supported: send application/json.' },
  429: { status: 429, code: 'RATE_LIMITED', title: 'Too many requests', detail: 'Rate limit exceeded; retry later.' },
  500: { status: 500, code: 'INTERNAL_ERROR', title: 'Internal server error', detail: 'An unexpected error occurred. Quote the request id when reporting it.' },
  503: { status: 503, code: 'DATABASE_UNAVAILABLE', title: 'Service unavailable', detail: 'The database cannot be reached at the moment; retry in 5 s.' },
};

/** The problem+json content of a documented answer, with an example of its own status and code. */
export function problemContent(answer: ProblemAnswer): Record<string, { schema: { $ref: string }; example: Record<string, unknown> }> {
  return {
    [PROBLEM_CONTENT_TYPE]: {
      schema: { $ref: '#/components/schemas/ProblemDto' },
      example: {
        type: problemType(answer.code),
        title: answer.title,
        status: answer.status,
        detail: answer.detail,
        code: answer.code,
        requestId: '6f1c2a7e-0d1b-4f4b-9a55-2f0f7d1b9c3e',
        ...answer.extra,
      },
    },
  };
}
