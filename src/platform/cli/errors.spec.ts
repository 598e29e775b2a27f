import { openSync } from 'node:fs';
import { describeError, oneLine } from './errors';

const thrown = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

describe('describeError', () => {
  it('names a file the system refused the Unix way', () => {
    expect(describeError(thrown(() => openSync('/nonexistent/dir/u.csv', 'w')))).toBe('/nonexistent/dir/u.csv: no such file or directory');
    expect(describeError(thrown(() => openSync('/etc/hostname/x', 'w')))).toBe('/etc/hostname/x: not a directory');
  });

  it('says a closed pipe without the error code, and keeps a network address', () => {
    expect(describeError(Object.assign(new Error('write EPIPE'), { errno: -32, code: 'EPIPE', syscall: 'write' }))).toBe('write: broken pipe');
    expect(describeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 1 }))).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it("keeps Prisma's reason, not the code frame before it", () => {
    const prisma = Object.assign(
      new Error('\nInvalid `prisma.cardAccount.create()` invocation in\n/app/dist/x.js:10:5\n\n  9 \n→ 10 await tx.cardAccount.create(\nForeign key constraint violated on the constraint: `card_accounts_customer_id_fkey`'),
      { name: 'PrismaClientKnownRequestError', code: 'P2003' },
    );
    expect(describeError(prisma)).toBe('Foreign key constraint violated on the constraint: `card_accounts_customer_id_fkey`');
  });

  it('makes any other message one line, and always says something', () => {
    expect(describeError(new Error('2 migrations failed:\n  a\n  b'))).toBe('2 migrations failed: a b');
    expect(describeError(new TypeError(''))).toBe('TypeError');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(undefined)).toBe('undefined');
  });
});

describe('oneLine', () => {
  it("puts commander's hint on the error's line", () => {
    expect(oneLine("error: unknown option '--jsn'\n(Did you mean --json?)\n")).toBe("error: unknown option '--jsn' (Did you mean --json?)");
  });
});
