import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { requestIdOf } from './request-id';

function exchange(header?: string) {
  const req = new IncomingMessage(new Socket());
  if (header !== undefined) req.headers['x-request-id'] = header;
  return { req, res: new ServerResponse(req) };
}

describe('requestIdOf', () => {
  it('keeps a sane caller id and echoes it', () => {
    const { req, res } = exchange('abc-123.def:9');
    expect(requestIdOf(req, res)).toBe('abc-123.def:9');
    expect(res.getHeader('x-request-id')).toBe('abc-123.def:9');
  });

  it('replaces ids that are too long or carry odd characters', () => {
    for (const bad of ['x'.repeat(129), 'has space', 'new\nline', '<script>']) {
      const { req } = exchange(bad);
      expect(requestIdOf(req)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('is computed once per request', () => {
    const { req, res } = exchange();
    const first = requestIdOf(req, res);
    expect(requestIdOf(req)).toBe(first);
  });
});
