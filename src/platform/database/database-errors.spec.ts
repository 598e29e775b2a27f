import { isDatabaseUnavailable } from './database-errors';

const prismaError = (code: string, driverAdapterError?: unknown) =>
  Object.assign(new Error('prisma'), { name: 'PrismaClientKnownRequestError', code, meta: driverAdapterError ? { driverAdapterError } : {} });
const adapterError = (kind: string) => Object.assign(new Error('adapter'), { name: 'DriverAdapterError', cause: { kind } });

describe('isDatabaseUnavailable', () => {
  it.each(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])('takes Prisma %s for an unavailable database', (code) => {
    expect(isDatabaseUnavailable(prismaError(code))).toBe(true);
  });

  it('reads the driver adapter cause of a Prisma error', () => {
    expect(isDatabaseUnavailable(prismaError('P2010', adapterError('DatabaseNotReachable')))).toBe(true);
    expect(isDatabaseUnavailable(prismaError('P2010', adapterError('UniqueConstraintViolation')))).toBe(false);
  });

  it.each(['DatabaseNotReachable', 'SocketTimeout', 'ConnectionClosed', 'TooManyConnections'])('takes a driver adapter %s for an unavailable database', (kind) => {
    expect(isDatabaseUnavailable(adapterError(kind))).toBe(true);
  });

  it('takes pg socket errors, server shutdowns and pool timeouts for an unavailable database', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('leaves errors of the query or the data alone', () => {
    expect(isDatabaseUnavailable(prismaError('P2002'))).toBe(false);
    expect(isDatabaseUnavailable(prismaError('P2025'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(adapterError('DatabaseAccessDenied'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});
