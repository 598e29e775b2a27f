import { parse as parseQuery } from 'node:querystring';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * A body that cannot be read, tagged like body-parser's errors (`type`, `status`) so the problem
 * filter answers it as before: 400 MALFORMED_BODY, 415 UNSUPPORTED_MEDIA_TYPE.
 */
export class UnreadableBodyError extends Error {
  readonly statusCode: number;

  constructor(
    readonly type: 'entity.parse.failed' | 'charset.unsupported' | 'encoding.unsupported',
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.statusCode = status;
  }
}

function charsetOf(request: FastifyRequest): string {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(request.headers['content-type'] ?? '');
  return (match?.[2] ?? 'utf-8').toLowerCase();
}

/** JSON as body-parser read it: UTF-8 only, an object or an array at the top, an empty body is `{}`. */
function parseJson(request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void {
  if (!charsetOf(request).startsWith('utf-')) return done(new UnreadableBodyError('charset.unsupported', 415, 'unsupported charset'));
  if (body.length === 0) return done(null, {});
  const text = body.toString('utf8');
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') return done(new UnreadableBodyError('entity.parse.failed', 400, 'not a JSON object or array'));
  try {
    done(null, JSON.parse(text));
  } catch {
    done(new UnreadableBodyError('entity.parse.failed', 400, 'invalid JSON'));
  }
}

/** Form fields, flat (repeated names become arrays), UTF-8 only. */
function parseForm(request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void): void {
  if (charsetOf(request) !== 'utf-8') return done(new UnreadableBodyError('charset.unsupported', 415, 'unsupported charset'));
  done(null, { ...parseQuery(body.toString('utf8')) });
}

const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * The bodies the API reads: JSON and URL-encoded forms (multipart is added by the upload routes).
 * Any other content type is answered 415. Compressed bodies are inflated as they arrive, and the
 * route's body limit counts the inflated bytes.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJson);
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, parseForm);
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity' || encoding === '') return done(null, payload);
    const decoder = DECODERS[encoding];
    if (!decoder) return done(new UnreadableBodyError('encoding.unsupported', 415, `unsupported content encoding "${encoding}"`));
    const inflated = decoder() as Transform & { receivedEncodedLength: number };
    inflated.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => (inflated.receivedEncodedLength += chunk.length));
    payload.on('error', (error) => inflated.destroy(error));
    done(null, payload.pipe(inflated) as unknown as typeof payload);
  });
}
