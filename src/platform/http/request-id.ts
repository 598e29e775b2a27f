import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

type WithId = IncomingMessage & { id?: string };

/**
 * The request's id: the caller's X-Request-Id when it is a sane token, otherwise a new UUID.
 * Computed once per request (the logger and the context store both ask) and echoed in the answer.
 */
export function requestIdOf(req: IncomingMessage, res?: ServerResponse): string {
  const request = req as WithId;
  if (!request.id) {
    const given = req.headers[REQUEST_ID_HEADER];
    request.id = typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
  }
  if (res && !res.headersSent && !res.hasHeader(REQUEST_ID_HEADER)) res.setHeader(REQUEST_ID_HEADER, request.id);
  return request.id;
}
