import { getSystemErrorMap, types } from 'node:util';
import { isExpectedError } from '../boot';

/** LOG_LEVEL=debug (or trace) adds the stack trace of an unexpected error after its line. */
export function showStacks(): boolean {
  return ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
}

/** Several lines (commander's hints, a list of problems) as one. */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/** Also an error made in another realm (a VM context), which `instanceof Error` does not recognise. */
const isError = (value: unknown): value is Error => value instanceof Error || types.isNativeError(value);

/**
 * The problem in one line. What the system refused is said the Unix way (`out.csv: no such file
 * or directory`, `write: broken pipe`); Prisma's messages end with the reason after a code frame.
 */
export function describeError(error: unknown): string {
  if (!isError(error)) return oneLine(String(error)) || 'unknown error';
  const system = error as NodeJS.ErrnoException;
  if (typeof system.errno === 'number' && system.syscall !== undefined) {
    const reason = getSystemErrorMap().get(system.errno)?.[1] ?? system.code;
    if (system.path !== undefined) return `${system.path}: ${reason}`;
    // A write to a closed pipe: "write: broken pipe". Network errors keep their address ("connect ECONNREFUSED 127.0.0.1:1").
    if (!('address' in system)) return `${system.syscall}: ${reason}`;
  }
  const lines = error.message.split('\n').map((line) => line.trim()).filter(Boolean);
  if (error.name.startsWith('PrismaClient') && lines.length) return lines.at(-1)!;
  return lines.join(' ') || error.name;
}

let failed = false;

/** How every command fails: one `error: ...` line on standard error, exit status 1. */
export function failCommand(error: unknown): never {
  // A second failure while the first is being reported (a stream erroring twice) adds nothing.
  if (!failed) {
    failed = true;
    process.stderr.write(`error: ${describeError(error)}\n`);
    if (showStacks() && !isExpectedError(error) && isError(error) && error.stack) process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
}
