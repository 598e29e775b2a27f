import { randomBytes } from 'node:crypto';
import { BlindIndex } from './blind-index';

describe('BlindIndex', () => {
  it('is deterministic per key and purpose, and different across them', () => {
    const key = randomBytes(32);
    const index = new BlindIndex(key);
    expect(index.of('cpf', '52998224725')).toBe(new BlindIndex(key).of('cpf', '52998224725'));
    expect(index.of('cpf', '52998224725')).toMatch(/^[0-9a-f]{64}$/);
    expect(index.of('cpf', '52998224725')).not.toBe(index.of('email', '52998224725'));
    expect(index.of('cpf', '52998224725')).not.toBe(new BlindIndex(randomBytes(32)).of('cpf', '52998224725'));
  });

  it('refuses short keys', () => {
    expect(() => new BlindIndex(randomBytes(16))).toThrow();
  });
});
