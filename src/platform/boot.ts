import pino, { Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { ConfigurationError } from './config/config.errors';
import { Env } from './config/env.schema';
import { DatabaseUnreachableError } from './database/database-bootstrap';
import { MigrationError } from './database/migrations';
import { DomainError } from './http/domain-error';

/**
 * Logger for the moments before Nest's logger exists (embedded database, migrations). On standard
 * output unless told otherwise (the CLI logs on standard error: its standard output is the result).
 */
export function bootLogger(env: Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>, name = 'Bootstrap', destination: 1 | 2 = 1): PinoLogger {
  const usePretty = (env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty';
  const options = { level: env.LOG_LEVEL, base: { context: name } };
  return usePretty
    ? pino(options, pretty({ sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination }))
    : destination === 1
      ? pino(options)
      : pino(options, pino.destination({ dest: destination, sync: true }));
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** A mistake in how a command was called (bad option value); reported without a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const EXPECTED = [ConfigurationError, DatabaseUnreachableError, MigrationError, PortInUseError, DomainError, UsageError];

/** An error the product anticipates (bad settings, an unreachable database, a refused input): its message says it all. */
export function isExpectedError(error: unknown): boolean {
  return EXPECTED.some((type) => error instanceof type);
}

/** Prints one line naming the problem (a stack only for the unexpected) and exits with 1. */
export function exitWithError(error: unknown): never {
  const expected = isExpectedError(error);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (!expected && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
