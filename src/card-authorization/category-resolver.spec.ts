import { Category, normalizeMcc, normalizeMerchantName, resolveCategory } from './category-resolver';

const merchants = new Map<string, Category>([
  ['UBER TRIP SAO PAULO BR', 'CASH'],
  ['UBER EATS SAO PAULO BR', 'MEAL'],
  ['PAG*JOSEDASILVA RIO DE JANEI BR', 'CASH'],
  ['PICPAY*BILHETEUNICO GOIANIA BR', 'CASH'],
  ['SUPERMERCADO BOM PRECO RECIFE BR', 'FOOD'],
]);

describe('resolveCategory', () => {
  it.each([
    // L1: the MCC picks the balance
    ['5411', 'SOME MARKET', 'FOOD', 'mcc'],
    ['5412', 'SOME MARKET', 'FOOD', 'mcc'],
    ['5811', 'PADARIA DO ZE               SAO PAULO BR', 'MEAL', 'mcc'],
    ['5812', 'RESTAURANTE X', 'MEAL', 'mcc'],
    ['5999', 'LOJA QUALQUER', 'CASH', 'mcc'],
    ['0000', undefined, 'CASH', 'mcc'],
    ['0411', 'LOJA QUALQUER', 'CASH', 'mcc'],
    [undefined, undefined, 'CASH', 'mcc'],
    // L3: a known merchant always wins over the MCC
    ['5411', 'UBER TRIP                   SAO PAULO BR', 'CASH', 'merchant'],
    ['5411', 'UBER EATS                   SAO PAULO BR', 'MEAL', 'merchant'],
    ['5811', 'PAG*JoseDaSilva          RIO DE JANEI BR', 'CASH', 'merchant'],
    ['5812', 'PICPAY*BILHETEUNICO           GOIANIA BR', 'CASH', 'merchant'],
    ['5999', '  supermercado   bom preco recife br ', 'FOOD', 'merchant'],
    // an unknown merchant falls back to the MCC
    ['5811', 'UBER EATS RIO DE JANEIRO BR', 'MEAL', 'mcc'],
    ['5411', 'UBER EATS RIO DE JANEIRO BR', 'FOOD', 'mcc'],
  ])('mcc %s, merchant %j -> %s (by %s)', (mcc, merchant, category, source) => {
    expect(resolveCategory({ mcc, merchant }, merchants)).toEqual({ category, source });
  });
});

describe('normalizeMcc', () => {
  // An MCC is a numeric code: what the network sends, and the four digits the rules read.
  it.each([
    ['5411', '5411'],
    ['0411', '0411'],
    ['411', '0411'],
    ['41', '0041'],
    ['7', '0007'],
    [5411, '5411'],
    [5811, '5811'],
    [411, '0411'],
    [0, '0000'],
    [9999, '9999'],
  ])('%j -> %s', (sent, mcc) => {
    expect(normalizeMcc(sent)).toBe(mcc);
  });

  it.each([['58111'], ['05411'], [10000], [''], ['food'], ['54.1'], [' 5411'], ['5411 '], ['+411'], ['-411'], [-1], [54.11], [Number.NaN], [Infinity], [null], [undefined], [true], [['5411']], ['\u0664\u0661\u0661']])(
    'refuses %j',
    (sent) => {
      expect(normalizeMcc(sent)).toBeUndefined();
    },
  );

  it.each([
    // a short MCC is resolved as its four digits: unmapped, so CASH, unless it is a mapped code
    ['411', 'CASH'],
    [411, 'CASH'],
    [5411, 'FOOD'],
    [5412, 'FOOD'],
    [5811, 'MEAL'],
    ['5812', 'MEAL'],
  ])('sent as %j, resolves to %s', (sent, category) => {
    expect(resolveCategory({ mcc: normalizeMcc(sent), merchant: 'LOJA QUALQUER' }, merchants)).toEqual({ category, source: 'mcc' });
  });
});

describe('normalizeMerchantName', () => {
  it('trims, collapses spaces and upper-cases', () => {
    expect(normalizeMerchantName('  PAG*JoseDaSilva          RIO DE JANEI BR ')).toBe('PAG*JOSEDASILVA RIO DE JANEI BR');
    expect(normalizeMerchantName('UBER\tTRIP  \n SAO PAULO BR')).toBe('UBER TRIP SAO PAULO BR');
  });
});
