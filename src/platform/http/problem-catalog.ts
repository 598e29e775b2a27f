/**
 * Every problem `code` the API answers with, and when: the table of docs/errors.md is written from
 * it (`npm run openapi`), so the documentation lists exactly what the code raises. Domain errors
 * enter it when their class is defined (`domainError(status, code, title, when)`); the answers the
 * HTTP layer builds itself (validation, routing, bodies, rate limits, database outages) are below.
 */
export interface ProblemKind {
  status: number;
  code: string;
  /** When the API answers it, for the people reading docs/errors.md. */
  when: string;
}

const kinds = new Map<string, ProblemKind>();

/** Adds a kind; the first description of a code and status stands (a code may be raised from several places). */
export function registerProblemKind(kind: ProblemKind): void {
  const key = `${kind.status} ${kind.code}`;
  if (!kinds.has(key)) kinds.set(key, kind);
}

/** The answers the HTTP layer builds itself (ProblemDetailsFilter, health, guards). */
const HTTP_LAYER: ProblemKind[] = [
  {
    status: 400,
    code: 'VALIDATION_FAILED',
    when: 'A field is missing, malformed or unknown, text holds a NUL character or a lone UTF-16 surrogate (PostgreSQL cannot store either), or a body nests more than 32 levels; `invalidParams` names each',
  },
  { status: 400, code: 'MALFORMED_BODY', when: 'The body is not valid JSON' },
  { status: 400, code: 'BAD_REQUEST', when: 'Other malformed input, such as a path parameter of the wrong type or a path whose escapes do not decode' },
  { status: 400, code: 'INVALID_REFERENCE', when: 'A write refers to a record that does not exist' },
  { status: 403, code: 'FORBIDDEN', when: 'Refused by the framework for another reason than a missing claim' },
  { status: 404, code: 'ROUTE_NOT_FOUND', when: "No method is served at the path (unknown path, or outside `/api/v1` and the original contracts' paths)" },
  { status: 404, code: 'NOT_FOUND', when: 'The record does not exist (modules use more precise codes, e.g. `CUSTOMER_NOT_FOUND`)' },
  { status: 405, code: 'METHOD_NOT_ALLOWED', when: 'The path exists but not with this method; `Allow` lists the methods it serves (`HEAD` with `GET`, `OPTIONS` when CORS is on). Answered before authentication' },
  { status: 409, code: 'ALREADY_EXISTS', when: 'A unique value is taken; `detail` names the field' },
  { status: 409, code: 'IN_USE', when: 'The record is still referenced by others and cannot be deleted' },
  { status: 409, code: 'CONFLICT', when: 'Another conflict the framework reports without a more precise code' },
  { status: 413, code: 'PAYLOAD_TOO_LARGE', when: 'The body exceeds `BODY_LIMIT` (or its route\'s own limit)' },
  { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', when: 'A body that is not JSON (or multipart, for photos), or an unsupported encoding' },
  { status: 422, code: 'UNPROCESSABLE_ENTITY', when: 'Well-formed input the framework cannot process' },
  { status: 429, code: 'RATE_LIMITED', when: 'Too many requests; wait for `Retry-After` seconds' },
  { status: 500, code: 'INTERNAL_ERROR', when: 'Unexpected failure; the server logs it with its stack under the request id' },
  {
    status: 503,
    code: 'DATABASE_UNAVAILABLE',
    when: 'The database cannot be reached (connection refused or dropped, pool timeout, server shutting down); with `Retry-After: 5`. A valid token is never answered 401 for this reason',
  },
  { status: 503, code: 'SERVICE_UNAVAILABLE', when: 'Another dependency is unavailable; retry later' },
  { status: 503, code: 'NOT_READY', when: '`/health/ready` only: a dependency is down; `checks` tells which' },
];
HTTP_LAYER.forEach(registerProblemKind);

/** Every registered kind, by status then code. */
export function problemKinds(): ProblemKind[] {
  return [...kinds.values()].sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

export const ERRORS_TABLE_START = '<!-- The table below is written by `npm run openapi` from the code: do not edit it by hand. -->';
export const ERRORS_TABLE_END = '<!-- end of the generated table -->';

/** docs/errors.md with its table of codes rewritten from the catalog. */
export function withErrorsTable(markdown: string): string {
  const start = markdown.indexOf(ERRORS_TABLE_START);
  const end = markdown.indexOf(ERRORS_TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/errors.md lacks the markers of its generated table');
  const rows = problemKinds().map((kind) => `| \`${kind.code}\` | ${kind.status} | ${kind.when.replace(/\|/g, '\\|')} |`);
  const table = ['| Code | Status | When |', '| --- | --- | --- |', ...rows].join('\n');
  return `${markdown.slice(0, start)}${ERRORS_TABLE_START}\n${table}\n${markdown.slice(end)}`;
}
