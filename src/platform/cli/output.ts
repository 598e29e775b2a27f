import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { CommandRunner, Option } from 'nest-commander';

/** `--out -`: standard output. */
export const STDOUT = '-';

/** Where `--out` wrote, for a message. */
export const outputName = (file: string) => (file === STDOUT ? 'standard output' : file);

/** Set once standard output carries the command's data (a file's content, a token, JSON). */
let stdoutIsData = false;

/** Keeps standard output for data: messages for people go to standard error from now on. */
export function reserveStdout(): void {
  stdoutIsData = true;
}

/** A message for the person running the command: standard output, unless that carries data. */
export function print(line = ''): void {
  (stdoutIsData ? process.stderr : process.stdout).write(`${line}\n`);
}

/** A message beside the data (a header, an explanation): always standard error. */
export function note(line = ''): void {
  process.stderr.write(`${line}\n`);
}

/** Data on standard output: what a pipe or `$(...)` captures. */
export function emit(text: string): void {
  reserveStdout();
  process.stdout.write(text);
}

export function printJson(value: unknown): void {
  emit(`${JSON.stringify(value, null, 2)}\n`);
}

/** Rejects with the stream's first error; never resolves otherwise. */
const failureOf = (stream: Writable) => once(stream, 'error').then(([error]) => Promise.reject(error as Error));

/**
 * Runs `write` on where `--out` points: standard output for `-`, else the file (created or
 * truncated; a file this run created is removed again when the run fails). `write` may end the
 * stream or leave that to this. The stream's errors (a bad path, a full disk) fail the command like
 * the work's own.
 */
export async function withOutput<T>(file: string, write: (out: Writable) => Promise<T>): Promise<T> {
  if (file === STDOUT) {
    reserveStdout();
    const out = new PassThrough();
    const copied = pipeline(out, process.stdout, { end: false });
    const result = await Promise.race([write(out), copied.then(() => new Promise<never>(() => undefined))]);
    if (!out.writableEnded) out.end();
    await copied;
    return result;
  }
  const created = !existsSync(file);
  const out = createWriteStream(file);
  try {
    await once(out, 'open');
    const result = await Promise.race([write(out), failureOf(out)]);
    if (!out.writableEnded) out.end();
    await finished(out);
    return result;
  } catch (error) {
    out.destroy();
    if (created) rmSync(file, { force: true });
    throw error;
  }
}

export interface JsonOption {
  json?: boolean;
}

/**
 * A command that prints records (a report, a list, what it created): lines for people, or with
 * `--json` one JSON document on standard output (the API's shape where the API has the same
 * records). Messages printed while it works go to standard error then.
 */
export abstract class RecordsCommand<R, O extends object = object> extends CommandRunner {
  /** Does the work; what it answers is printed. */
  protected abstract records(params: string[], options: O): Promise<R>;

  /** The records for people, with print(). */
  protected abstract render(records: R): void;

  async run(params: string[], options: O & JsonOption): Promise<void> {
    if (options.json) reserveStdout();
    const records = await this.records(params, options);
    if (options.json) printJson(records);
    else this.render(records);
  }

  @Option({ flags: '--json', description: 'Print the result as JSON on standard output' })
  parseJson(): boolean {
    return true;
  }
}
