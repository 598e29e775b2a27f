import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { exitWithError } from './platform/boot';

/** Commander reports help, version and usage mistakes itself; those only set the exit code. */
function handleError(error: unknown): never {
  const commander = error as { code?: string; exitCode?: number };
  if (typeof commander?.code === 'string' && commander.code.startsWith('commander.')) process.exit(commander.exitCode ?? 1);
  exitWithError(error);
}

async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    logger: ['error', 'warn'],
    usePlugins: false,
    errorHandler: handleError,
    serviceErrorHandler: handleError,
  });
}

main().catch(handleError);
