import { parseAuthorizationRequest, payloadFingerprint } from './authorization-request';

describe('parseAuthorizationRequest', () => {
  const merchant = 'PADARIA DO ZE               SAO PAULO BR';

  it('accepts the original payload and the alternative spelling', () => {
    expect(parseAuthorizationRequest({ account: '123', totalAmount: 100.0, mcc: '5811', merchant })).toEqual({
      id: undefined,
      account: '123',
      amountCents: 10000n,
      mcc: '5811',
      merchant,
    });
    expect(parseAuthorizationRequest({ id: 'tx-1', accountId: '123', amount: '12.34', mcc: '5411', merchant: 'M' })).toMatchObject({ id: 'tx-1', account: '123', amountCents: 1234n });
    expect(parseAuthorizationRequest({ account: 123, totalAmount: 1, mcc: '5999', merchant: 'M' })).toMatchObject({ account: '123', amountCents: 100n });
  });

  // An MCC is a numeric code: as a string or a number, shorter than four digits is left-padded.
  it.each([
    ['5811', '5811'],
    ['0411', '0411'],
    ['411', '0411'],
    ['7', '0007'],
    [5811, '5811'],
    [411, '0411'],
    [0, '0000'],
  ])('reads the mcc %j as %s', (mcc, expected) => {
    expect(parseAuthorizationRequest({ account: '1', totalAmount: 1, mcc, merchant: 'M' })?.mcc).toBe(expected);
  });

  it.each([
    ['not an object', 'text'],
    ['an array', []],
    ['no account', { totalAmount: 1, mcc: '5411', merchant: 'M' }],
    ['no amount', { account: '1', mcc: '5411', merchant: 'M' }],
    ['no mcc', { account: '1', totalAmount: 1, merchant: 'M' }],
    ['no merchant', { account: '1', totalAmount: 1, mcc: '5411' }],
    ['a blank merchant', { account: '1', totalAmount: 1, mcc: '5411', merchant: '   ' }],
    ['a merchant that is not text', { account: '1', totalAmount: 1, mcc: '5411', merchant: 42 }],
    ['a merchant over 200 characters', { account: '1', totalAmount: 1, mcc: '5411', merchant: 'M'.repeat(201) }],
    ['zero', { account: '1', totalAmount: 0, mcc: '5411', merchant: 'M' }],
    ['negative', { account: '1', totalAmount: -5, mcc: '5411', merchant: 'M' }],
    ['over-precise', { account: '1', totalAmount: 1.001, mcc: '5411', merchant: 'M' }],
    ['a float artefact', { account: '1', totalAmount: 0.1 + 0.2, mcc: '5411', merchant: 'M' }],
    ['amount as words', { account: '1', totalAmount: 'ten', mcc: '5411', merchant: 'M' }],
    ['both spellings at once', { account: '1', accountId: '2', totalAmount: 1, mcc: '5411', merchant: 'M' }],
    ['an mcc of five digits', { account: '1', totalAmount: 1, mcc: '58111', merchant: 'M' }],
    ['an mcc of five digits as a number', { account: '1', totalAmount: 1, mcc: 58111, merchant: 'M' }],
    ['an mcc padded to five digits', { account: '1', totalAmount: 1, mcc: '05811', merchant: 'M' }],
    ['an empty mcc', { account: '1', totalAmount: 1, mcc: '', merchant: 'M' }],
    ['an mcc that is not digits', { account: '1', totalAmount: 1, mcc: 'food', merchant: 'M' }],
    ['an mcc with spaces', { account: '1', totalAmount: 1, mcc: ' 5811', merchant: 'M' }],
    ['an mcc with a sign', { account: '1', totalAmount: 1, mcc: '-411', merchant: 'M' }],
    ['a negative mcc', { account: '1', totalAmount: 1, mcc: -411, merchant: 'M' }],
    ['a fractional mcc', { account: '1', totalAmount: 1, mcc: 54.11, merchant: 'M' }],
    ['an mcc of null', { account: '1', totalAmount: 1, mcc: null, merchant: 'M' }],
    ['an unknown field', { account: '1', totalAmount: 1, mcc: '5411', merchant: 'M', tip: 2 }],
    ['an odd account id', { account: '1; DROP TABLE', totalAmount: 1, mcc: '5411', merchant: 'M' }],
    ['an odd transaction id', { id: 'tx 1', account: '1', totalAmount: 1, mcc: '5411', merchant: 'M' }],
  ])('refuses %s', (_label, body) => {
    expect(parseAuthorizationRequest(body)).toBeUndefined();
  });
});

describe('payloadFingerprint', () => {
  it('ignores the spelling, the id and how the mcc is written, not the content', () => {
    const a = parseAuthorizationRequest({ id: 'x', account: '1', totalAmount: 10, mcc: '5411', merchant: 'M' })!;
    const b = parseAuthorizationRequest({ id: 'x', accountId: '1', amount: '10.00', mcc: '5411', merchant: 'M' })!;
    const c = parseAuthorizationRequest({ id: 'x', accountId: '1', amount: '10.01', mcc: '5411', merchant: 'M' })!;
    expect(payloadFingerprint(a)).toBe(payloadFingerprint(b));
    expect(payloadFingerprint(a)).not.toBe(payloadFingerprint(c));
    const short = parseAuthorizationRequest({ id: 'y', account: '1', totalAmount: 10, mcc: '411', merchant: 'M' })!;
    const padded = parseAuthorizationRequest({ id: 'y', account: '1', totalAmount: 10, mcc: '0411', merchant: 'M' })!;
    const numeric = parseAuthorizationRequest({ id: 'y', account: '1', totalAmount: 10, mcc: 411, merchant: 'M' })!;
    expect(new Set([short, padded, numeric].map(payloadFingerprint)).size).toBe(1);
  });
});
