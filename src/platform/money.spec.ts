import { formatCents, parseMoney } from './money';

describe('money', () => {
  it('parses numbers and strings with up to two decimals into cents', () => {
    expect(parseMoney('100.00')).toBe(10000n);
    expect(parseMoney(100.5)).toBe(10050n);
    expect(parseMoney('0.1')).toBe(10n);
    expect(parseMoney(42)).toBe(4200n);
    expect(parseMoney('-12.34')).toBe(-1234n);
    expect(parseMoney(0.1 + 0.2)).toBeUndefined();
  });

  it('refuses over-precise, malformed and non-finite amounts', () => {
    for (const bad of ['1.234', '1,00', 'abc', '', ' ', '1e3', NaN, Infinity, null, undefined, {}, '12345678901234']) {
      expect(parseMoney(bad)).toBeUndefined();
    }
  });

  it('formats cents with two decimals', () => {
    expect(formatCents(10000n)).toBe('100.00');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(-1234n)).toBe('-12.34');
    expect(formatCents(0n)).toBe('0.00');
  });
});
