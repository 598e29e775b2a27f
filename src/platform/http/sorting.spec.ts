import { cursorPosition, encodeSortedCursor, explicitSort, instantPosition, keysetAfter, orderByOf, parseSort, sortValues } from './sorting';
import { RequestValidationError } from './validation';

const legacy = (cursor: string) => (/^\d+$/.test(cursor) ? BigInt(cursor) : undefined);
const reasonOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    return (error as RequestValidationError).invalidParams.flatMap((param) => param.reasons);
  }
  throw new Error('did not throw');
};

describe('sorting', () => {
  it('names each field both ways and parses keys in order', () => {
    expect(sortValues(['email', 'createdAt'])).toEqual(['email', '-email', 'createdAt', '-createdAt']);
    expect(parseSort('-createdAt,email')).toEqual([
      { field: 'createdAt', direction: 'desc' },
      { field: 'email', direction: 'asc' },
    ]);
    expect(parseSort(undefined)).toBeUndefined();
  });

  it('orders by the keys, then by id in the first key direction, unless id is a key', () => {
    expect(orderByOf(parseSort<'total'>('-total')!, { total: 'totalCents' })).toEqual([{ totalCents: 'desc' }, { id: 'desc' }]);
    expect(orderByOf(parseSort<'id' | 'name'>('name,-id')!, { id: 'id', name: 'name' })).toEqual([{ name: 'asc' }, { id: 'desc' }]);
  });

  it('keeps the default order as no sort, and a keyset past a position either way', () => {
    expect(explicitSort('-occurredAt', '-occurredAt')).toBeUndefined();
    expect(explicitSort('occurredAt', '-occurredAt')).toBe('occurredAt');
    expect(keysetAfter('at', 'asc', 1, 2)).toEqual({ OR: [{ at: { gt: 1 } }, { at: 1, id: { gt: 2 } }] });
    expect(keysetAfter('at', 'desc', 1, 2)).toEqual({ OR: [{ at: { lt: 1 } }, { at: 1, id: { lt: 2 } }] });
  });

  it('reads a cursor only in the order it was made for', () => {
    const sorted = encodeSortedCursor('occurredAt', '2026-11-20T10:00:00.000Z', '42');
    expect(cursorPosition(undefined, 'occurredAt', legacy)).toBeUndefined();
    expect(cursorPosition('1200', undefined, legacy)).toEqual({ legacy: 1200n });
    expect(cursorPosition(sorted, 'occurredAt', legacy)).toEqual({ value: '2026-11-20T10:00:00.000Z', id: '42' });
    expect(instantPosition({ value: '2026-11-20T10:00:00.000Z', id: '42' })).toEqual({ at: new Date('2026-11-20T10:00:00.000Z'), id: 42n });
    expect(reasonOf(() => cursorPosition(sorted, undefined, legacy))).toEqual(['cursor was issued for sort=occurredAt; send that sort with it, or drop the cursor to start again']);
    expect(reasonOf(() => cursorPosition(sorted, '-occurredAt', legacy))).toEqual(['cursor was issued for sort=occurredAt, not sort=-occurredAt; drop the cursor to start again']);
    expect(reasonOf(() => cursorPosition('1200', 'occurredAt', legacy))).toEqual(['cursor was issued for the default order, not sort=occurredAt; drop the cursor to start again']);
    expect(reasonOf(() => cursorPosition('nope', undefined, legacy))).toEqual(['cursor must be a cursor returned by a previous page']);
    expect(reasonOf(() => instantPosition({ value: 'yesterday', id: '42' }))).toEqual(['cursor must be a cursor returned by a previous page']);
  });
});
