import { maskCpf, ReceivedDeliveries } from './received-deliveries';

const at = new Date('2026-12-03T10:00:00Z');

describe('ReceivedDeliveries', () => {
  it('lists the newest first, with the CPF masked', () => {
    const store = new ReceivedDeliveries();
    store.record({ document: '52998224725', cashback: '14.00', idempotencyKey: 'a' }, at);
    store.record({ document: '31415926535', cashback: '1.50', idempotencyKey: 'b' }, at);
    const listed = store.list();
    expect(listed).toMatchObject({ total: 2, kept: 2, capacity: 100 });
    expect(listed.items.map((item) => [item.idempotencyKey, item.document, item.cashback])).toEqual([
      ['b', '***.159.265-**', '1.50'],
      ['a', '***.982.247-**', '14.00'],
    ]);
    expect(JSON.stringify(listed)).not.toContain('52998224725');
  });

  it('keeps one entry per idempotency key and counts the repeats', () => {
    const store = new ReceivedDeliveries();
    const first = store.record({ document: '52998224725', cashback: '14.00', idempotencyKey: 'a' }, at);
    const again = store.record({ document: '52998224725', cashback: '14.00', idempotencyKey: 'a' }, at);
    expect(again).toEqual({ entry: first.entry, replayed: true });
    expect(store.list()).toMatchObject({ total: 2, kept: 1, items: [{ duplicates: 1 }] });
  });

  it('stays bounded, forgetting the oldest entries and their keys', () => {
    const store = new ReceivedDeliveries(3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) store.record({ document: '52998224725', cashback: '1.00', idempotencyKey: key }, at);
    expect(store.list().items.map((item) => item.idempotencyKey)).toEqual(['e', 'd', 'c']);
    expect(store.record({ document: '52998224725', cashback: '1.00', idempotencyKey: 'a' }, at).replayed).toBe(false);
  });
});

describe('maskCpf', () => {
  it('hides the first three and the last two digits, and anything that is not a CPF', () => {
    expect(maskCpf('529.982.247-25')).toBe('***.982.247-**');
    expect(maskCpf('123')).toBe('***');
  });
});
