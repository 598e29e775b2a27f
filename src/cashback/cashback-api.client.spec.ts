import { redactResponseBody } from './cashback-api.client';

describe('redactResponseBody', () => {
  it('masks plain and formatted CPFs and bounds the excerpt', () => {
    expect(redactResponseBody('{"document":"52998224725","x":"529.982.247-25"}')).toBe('{"document":"***.***.***-**","x":"***.***.***-**"}');
    expect(redactResponseBody('a'.repeat(2000))).toHaveLength(500);
    expect(redactResponseBody('ok')).toBe('ok');
  });
});
