import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { CliNestLogger } from './platform/cli/cli-runtime';
import { CommandTree } from './cli/command-tree';
import { failCommand, oneLine } from './platform/cli/errors';

// Every failure of every command ends in failCommand: one `error: ...` line on standard error and
// exit status 1, never a stack trace. That covers what a command throws, usage mistakes commander
// reports, and what escapes any promise (a stream's 'error' event with no listener).
let running = true;
process.on('uncaughtException', failCommand);
process.on('unhandledRejection', failCommand);
// Nothing left to wait for while the command has not finished: its work was lost (a stream that
// failed where no one listened). Without this the process would exit 0 with nothing done.
process.on('beforeExit', () => running && failCommand(new Error('the command stopped before it finished its work')));

/** Commander has already printed its usage error (or the help); only the exit status is left. */
function handleError(error: unknown): never {
  const commander = error as { code?: string; exitCode?: number };
  if (typeof commander?.code === 'string' && commander.code.startsWith('commander.')) process.exit(commander.exitCode ?? 1);
  failCommand(error);
}

async function main(): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: new CliNestLogger(),
    abortOnError: false,
    usePlugins: false,
    errorHandler: handleError,
    serviceErrorHandler: handleError,
    // Commander adds hints on lines of their own ("(Did you mean --json?)"): kept, on the error's line.
    outputConfiguration: { outputError: (message, write) => write(`${oneLine(message)}\n`) },
  });
  app.get(CommandTree).refuseExcessArguments();
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
  running = false;
}

main().catch(handleError);
