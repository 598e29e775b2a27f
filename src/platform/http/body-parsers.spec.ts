import { gzipSync } from 'node:zlib';
import fastify, { FastifyInstance } from 'fastify';
import { registerBodyParsers } from './body-parsers';

describe('registerBodyParsers', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    app = fastify({ bodyLimit: 64 });
    registerBodyParsers(app);
    app.setErrorHandler((error: Error & { statusCode?: number; type?: string; code?: string }, _request, reply) => {
      void reply.code(error.statusCode ?? 500).send({ type: error.type ?? error.code });
    });
    app.post('/echo', async (request) => ({ body: request.body ?? null }));
    // Over a socket: Fastify's inject() needs an ESM-only dependency jest cannot load here.
    url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/echo`;
  });

  afterAll(() => app.close());

  const post = (payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(url, { method: 'POST', headers, body: payload }).then(async (res) => ({ status: res.status, body: await res.json() }));

  it('reads JSON objects and arrays, and an empty body as {}', async () => {
    expect(await post('{"a":1}')).toEqual({ status: 200, body: { body: { a: 1 } } });
    expect(await post(' [1,2]')).toEqual({ status: 200, body: { body: [1, 2] } });
    expect(await post('')).toEqual({ status: 200, body: { body: {} } });
  });

  it('refuses broken JSON and top-level primitives as unparseable, other charsets as unsupported', async () => {
    expect(await post('{"a":')).toEqual({ status: 400, body: { type: 'entity.parse.failed' } });
    expect(await post('"text"')).toEqual({ status: 400, body: { type: 'entity.parse.failed' } });
    expect(await post('{"a":1}', { 'content-type': 'application/json; charset=koi8-r' })).toEqual({ status: 415, body: { type: 'charset.unsupported' } });
  });

  it('reads URL-encoded forms and refuses content types it has no parser for', async () => {
    expect(await post('a=1&b=2&b=3', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual({ status: 200, body: { body: { a: '1', b: ['2', '3'] } } });
    expect(await post('hello', { 'content-type': 'text/plain' })).toEqual({ status: 415, body: { type: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' } });
  });

  it('inflates compressed bodies, counts the limit on the inflated bytes and refuses unknown encodings', async () => {
    expect(await post(gzipSync('{"a":2}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toEqual({ status: 200, body: { body: { a: 2 } } });
    const bomb = gzipSync(JSON.stringify({ a: 'x'.repeat(1000) }));
    expect((await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(413);
    expect((await post('{"a":1}', { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(400);
    expect(await post('{"a":1}', { 'content-type': 'application/json', 'content-encoding': 'compress' })).toEqual({ status: 415, body: { type: 'encoding.unsupported' } });
  });
});
