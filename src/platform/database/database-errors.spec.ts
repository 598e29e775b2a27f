import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { DatabaseError } from 'pg';
import { Prisma } from '../../generated/prisma/client';
import { isDatabaseUnavailable, isUniqueViolation, sqlState } from './database-errors';

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

describe('isUniqueViolation', () => {
  // As Prisma 7 over @prisma/adapter-pg reports them (test/platform/database-errors.spec.ts checks the real ones).
  const adapterCause = (originalCode: string, kind: string) =>
    new DriverAdapterError({ kind, originalCode, originalMessage: 'duplicate key value violates unique constraint "claims_description_key"', constraint: { index: 'claims_description_key' }, table: 'claims' } as never);
  const known = (code: string, cause?: DriverAdapterError, meta: Record<string, unknown> = {}) =>
    new Prisma.PrismaClientKnownRequestError('query failed', { code, clientVersion: '7.10.0', meta: cause ? { ...meta, driverAdapterError: cause } : meta });
  const pgError = (code: string) => Object.assign(new DatabaseError('duplicate key value violates unique constraint "claims_description_key"', 0, 'error'), { code });

  it("takes a model query's P2002 for a unique violation", () => {
    expect(isUniqueViolation(known('P2002', adapterCause('23505', 'UniqueConstraintViolation'), { modelName: 'Claim' }))).toBe(true);
    expect(isUniqueViolation(known('P2002', undefined, { target: ['description'] }))).toBe(true);
  });

  it("takes a raw query's P2010 carrying SQLSTATE 23505 for a unique violation", () => {
    const raw = known('P2010', adapterCause('23505', 'UniqueConstraintViolation'));
    expect(sqlState(raw)).toBe('23505');
    expect(isUniqueViolation(raw)).toBe(true);
  });

  it("takes pg's DatabaseError 23505 (a statement on the pool) for a unique violation", () => {
    expect(isUniqueViolation(pgError('23505'))).toBe(true);
  });

  it('leaves other errors alone, of the database or not', () => {
    expect(isUniqueViolation(known('P2010', adapterCause('23503', 'ForeignKeyConstraintViolation')))).toBe(false);
    expect(isUniqueViolation(known('P2003', adapterCause('23503', 'ForeignKeyConstraintViolation')))).toBe(false);
    expect(isUniqueViolation(known('P2025', undefined, { modelName: 'Claim', cause: 'No record was found for an update.' }))).toBe(false);
    expect(isUniqueViolation(pgError('23503'))).toBe(false);
    expect(isUniqueViolation(pgError('57014'))).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});
