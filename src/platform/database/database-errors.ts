import { DatabaseError } from 'pg';

/**
 * Whether an error means the database could not be reached or used at all (connection refused,
 * dropped, timed out, server shutting down or full), as opposed to an error of the query itself.
 * Such a request may succeed when retried a little later: it is answered 503, not 500, and never
 * taken for a verdict about the caller (an unknown user, a missing record).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, code, message, meta, cause } = error as { name?: unknown; code?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
  // Prisma: P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 server closed the
  // connection, P2024 timed out waiting for a connection from the pool.
  if (name === 'PrismaClientKnownRequestError' && typeof code === 'string') {
    return UNAVAILABLE_PRISMA_CODES.has(code) || isDatabaseUnavailable(meta?.driverAdapterError);
  }
  if (name === 'PrismaClientInitializationError') return true;
  if (name === 'DriverAdapterError') return UNAVAILABLE_ADAPTER_KINDS.has(String((cause as { kind?: unknown } | undefined)?.kind));
  // pg itself (raw queries over a pooled connection): socket errors, and the server's own refusals.
  if (typeof code === 'string' && (UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_PG_MESSAGES.some((pattern) => pattern.test(message));
}

/** The SQLSTATE of an error raised by a raw query, through the driver adapter or on the pool, if any. */
export function sqlState(error: unknown): string | undefined {
  if (error instanceof DatabaseError) return error.code;
  return (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | undefined)?.meta?.driverAdapterError?.cause?.originalCode;
}

/**
 * A unique constraint refused the write. For repositories only: they turn it into what it means
 * (a replay, a retry, a domain error), so services never see database codes. Its three shapes:
 * a model query's PrismaClientKnownRequestError P2002; a raw query's P2010 whose driver adapter
 * error carries SQLSTATE 23505; and pg's own DatabaseError 23505 from a statement run on the pool
 * (PrismaService.prepared). See test/platform/database-errors.spec.ts.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'P2002' || sqlState(error) === '23505';
}

const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'SocketTimeout', 'ConnectionClosed', 'TooManyConnections']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many connections,
// 57014 statement cancelled (statement_timeout).
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const UNAVAILABLE_PG_MESSAGES = [/^Query read timeout/, /^Connection terminated/, /^timeout exceeded when trying to connect/, /^Client has encountered a connection error/];
