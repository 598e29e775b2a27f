import { bpsToPercent, percentToBps } from './rates';

describe('product type rates', () => {
  it.each([
    [5, 500],
    ['15', 1500],
    ['12.5', 1250],
    [12.25, 1225],
    ['100', 10_000],
    ['0', 0],
    ['100.01', undefined],
    ['1.234', undefined],
    [-1, undefined],
    ['abc', undefined],
  ])('percent %j is %s bps', (input, bps) => {
    expect(percentToBps(input)).toBe(bps);
  });

  it('formats basis points as a percent', () => {
    expect(bpsToPercent(500)).toBe('5.00');
    expect(bpsToPercent(1225)).toBe('12.25');
    expect(bpsToPercent(10_000)).toBe('100.00');
  });
});
