import { parseAuthorizationRequest, payloadFingerprint } from './authorization-request';

describe('parseAuthorizationRequest', () => {
  it('accepts the original payload and the alternative spelling', () => {
    expect(parseAuthorizationRequest({ account: '123', totalAmount: 100.0, mcc: '5811', merchant: 'PADARIA DO ZE               SAO PAULO BR' })).toEqual({
      id: undefined,
      account: '123',
      amountCents: 10000n,
      mcc: '5811',
      merchant: 'PADARIA DO ZE               SAO PAULO BR',
    });
    expect(parseAuthorizationRequest({ id: 'tx-1', accountId: '123', amount: '12.34', mcc: '5411', merchant: 'M' })).toMatchObject({ id: 'tx-1', account: '123', amountCents: 1234n });
    expect(parseAuthorizationRequest({ account: 123, totalAmount: 1 })).toMatchObject({ account: '123', amountCents: 100n });
  });

  it.each([
    ['not an object', 'text'],
    ['an array', []],
    ['no account', { totalAmount: 1, mcc: '5411' }],
    ['no amount', { account: '1', mcc: '5411' }],
    ['zero', { account: '1', totalAmount: 0 }],
    ['negative', { account: '1', totalAmount: -5 }],
    ['over-precise', { account: '1', totalAmount: 1.001 }],
    ['a float artefact', { account: '1', totalAmount: 0.1 + 0.2 }],
    ['amount as words', { account: '1', totalAmount: 'ten' }],
    ['both spellings at once', { account: '1', accountId: '2', totalAmount: 1 }],
    ['a bad mcc', { account: '1', totalAmount: 1, mcc: '58' }],
    ['an mcc as a number', { account: '1', totalAmount: 1, mcc: 5811 }],
    ['an unknown field', { account: '1', totalAmount: 1, tip: 2 }],
    ['an odd account id', { account: '1; DROP TABLE', totalAmount: 1 }],
  ])('refuses %s', (_label, body) => {
    expect(parseAuthorizationRequest(body)).toBeUndefined();
  });
});

describe('payloadFingerprint', () => {
  it('ignores the spelling and the id, not the content', () => {
    const a = parseAuthorizationRequest({ id: 'x', account: '1', totalAmount: 10, mcc: '5411', merchant: 'M' })!;
    const b = parseAuthorizationRequest({ id: 'x', accountId: '1', amount: '10.00', mcc: '5411', merchant: 'M' })!;
    const c = parseAuthorizationRequest({ id: 'x', accountId: '1', amount: '10.01', mcc: '5411', merchant: 'M' })!;
    expect(payloadFingerprint(a)).toBe(payloadFingerprint(b));
    expect(payloadFingerprint(a)).not.toBe(payloadFingerprint(c));
  });
});
