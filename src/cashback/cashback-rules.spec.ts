import { itemCashbackCents, itemsTotalCents, parseSoldAt, priceItems } from './cashback-rules';

describe('cashback rules', () => {
  it.each([
    // unit cents, qty, rate bps, cashback cents
    [1000n, 1, 500, 50n], // 10.00 at 5% = 0.50
    [1000n, 9, 1500, 1350n], // 90.00 at 15% = 13.50
    [10000n, 1, 1000, 1000n], // the challenge's 10% of 100.00 = 10.00
    [333n, 1, 500, 17n], // 0.1665 rounds half up to 0.17
    [330n, 1, 500, 17n], // 0.165 exactly: half up to 0.17
    [329n, 1, 500, 16n], // 0.1645 down to 0.16
    [1n, 1, 500, 0n], // 0.0005 down to 0.00
    [999_999_99n, 100, 10_000, 9_999_999_900n], // 100% of a large amount stays exact
    [1234n, 3, 0, 0n],
  ])('%s × %s at %s bps = %s cents', (unit, qty, rate, expected) => {
    expect(itemCashbackCents(unit, qty, rate)).toBe(expected);
  });

  it('prices each item with its type rate and refuses unknown types', () => {
    const rates = new Map([
      ['A', 500],
      ['B', 1500],
    ]);
    const priced = priceItems(
      [
        { type: 'A', unitCents: 1000n, qty: 1 },
        { type: 'B', unitCents: 1000n, qty: 9 },
      ],
      rates,
    );
    expect(priced.map((item) => [item.rateBps, item.cashbackCents])).toEqual([
      [500, 50n],
      [1500, 1350n],
    ]);
    expect(() => priceItems([{ type: 'Z', unitCents: 1n, qty: 1 }], rates)).toThrow('unknown product type Z');
  });

  it('sums value × qty exactly', () => {
    expect(itemsTotalCents([{ unitCents: 1000n, qty: 1 }, { unitCents: 1000n, qty: 9 }])).toBe(10_000n);
    expect(itemsTotalCents([])).toBe(0n);
  });

  it.each([
    ['2026-01-02 00:00:00', '2026-01-02T03:00:00.000Z'],
    ['2026-01-02T10:00:00Z', '2026-01-02T10:00:00.000Z'],
    ['2026-01-02T10:00:00-03:00', '2026-01-02T13:00:00.000Z'],
    ['2026-01-02T10:00:00.123+01:00', '2026-01-02T09:00:00.123Z'],
    ['2026-02-30 10:00:00', undefined],
    ['2026-13-01 10:00:00', undefined],
    ['2026-01-02', undefined],
    ['02/01/2026 10:00:00', undefined],
    ['2026-01-02T10:00:00', undefined],
    ['yesterday', undefined],
  ])('sold_at %j is %s', (input, expected) => {
    expect(parseSoldAt(input)?.toISOString()).toBe(expected);
  });
});
