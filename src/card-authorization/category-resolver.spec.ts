import { Category, normalizeMerchantName, resolveCategory } from './category-resolver';

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

describe('normalizeMerchantName', () => {
  it('trims, collapses spaces and upper-cases', () => {
    expect(normalizeMerchantName('  PAG*JoseDaSilva          RIO DE JANEI BR ')).toBe('PAG*JOSEDASILVA RIO DE JANEI BR');
    expect(normalizeMerchantName('UBER\tTRIP  \n SAO PAULO BR')).toBe('UBER TRIP SAO PAULO BR');
  });
});
