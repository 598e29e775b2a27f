import { ConsoleLogger, DynamicModule, INestApplicationContext, LogLevel, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'pino';
import { bootLogger } from '../boot';
import { AppConfigModule } from '../config/config.module';
import { Env } from '../config/env.schema';
import { loadEnvironment } from '../config/load-environment';
import { DatabaseModule } from '../database/database.module';
import { ClockModule } from '../clock.module';
import { ClsModule, ClsService } from 'nestjs-cls';
import { userInfo } from 'node:os';
import { SYSTEM_ACTOR_KEY, SystemActor } from '../auth/principal';
import { prepareDatabase, PreparedDatabase } from '../database/database-bootstrap';
import { showStacks } from './errors';

/** The validated environment of the CLI process (loaded once, on first use). */
let loaded: Env | undefined;
export function cliEnv(): Env {
  loaded ??= loadEnvironment().env;
  return loaded;
}

/** Logs go to standard error: standard output is the command's result. */
export function cliLogger(): PinoLogger {
  return bootLogger({ ...cliEnv(), LOG_LEVEL: cliEnv().LOG_LEVEL === 'info' ? 'warn' : cliEnv().LOG_LEVEL }, 'CLI', 2);
}

/**
 * Nest's logger in commands: on standard error, without stack traces (LOG_LEVEL=debug shows them).
 * Errors Nest meets while building a context are thrown to the CLI host, which reports them once.
 */
export class CliNestLogger extends ConsoleLogger {
  constructor(logLevels: LogLevel[] = ['error', 'warn']) {
    super({ logLevels });
  }

  override error(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...rest);
  }

  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown, params?: Record<string, unknown>): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
  }

  protected override printStackTrace(stack: string): void {
    if (showStacks()) super.printStackTrace(stack);
  }
}

/**
 * Runs `work` with a database: DATABASE_URL, or the embedded server (reusing the one a running API
 * started, or starting one and stopping it afterwards). Migrations are applied first unless told not to.
 */
export async function withDatabase<T>(work: (database: PreparedDatabase) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const env = cliEnv();
  const log = cliLogger();
  const database = await prepareDatabase(env, (message) => log.info(message), options);
  if (database.applied.length) log.warn(`applied migrations: ${database.applied.join(', ')}`);
  try {
    return await work(database);
  } finally {
    await database.release();
  }
}

/** Only what a command needs: configuration, the database and the given feature modules. */
function contextModule(imports: Array<Type<unknown> | DynamicModule>): DynamicModule {
  @Module({})
  class CommandContextModule {}
  return { module: CommandContextModule, imports: [AppConfigModule, ClockModule, DatabaseModule, ClsModule.forRoot({ global: true }), ...imports] };
}

/**
 * Runs `work` inside a Nest context of `imports`, on a prepared database, acting as
 * `cli:<os user>` for the audit trail.
 */
export async function withContext<T>(
  imports: Array<Type<unknown> | DynamicModule>,
  work: (context: INestApplicationContext) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  return withDatabase(async (database) => {
    process.env.DATABASE_URL = database.url;
    const context = await NestFactory.createApplicationContext(contextModule(imports), { logger: new CliNestLogger(), abortOnError: false });
    try {
      const cls = context.get(ClsService);
      return await cls.run(async () => {
        cls.set(SYSTEM_ACTOR_KEY, { label: `cli:${userInfo().username}` } satisfies SystemActor);
        return work(context);
      });
    } finally {
      await context.close();
    }
  }, options);
}
