import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './node-process';

import { findFreePort as freePort } from '../../src/platform/database/embedded-postgres';

export { freePort };

export interface Started {
  child: ChildProcess;
  /** Standard output and standard error, interleaved as they arrived. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code and how long the process took to exit after `since`. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const running = new Set<ChildProcess>();

/** Kills whatever a test started and left running, and waits for it to exit. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
  running.clear();
}

/** Runs a compiled entry point (dist/main.js or dist/cli.js) as a user would. */
export function startNode(args: string[], env: Record<string, string | undefined>): Started {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // A private DATA_DIR unless the test names one: nothing is written under the checkout's .data/.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FORMAT: 'json', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'node-')), ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const streams = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    child[name]!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      streams[name] += chunk.toString();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, output: () => output, stdout: () => streams.stdout, stderr: () => streams.stderr, exited };
}

/** Waits until the output matches, failing early if the process exits. */
export async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null) throw new Error(`process exited (${started.child.exitCode}) before ${pattern}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}


const READY = /ready at http:\/\/localhost:(\d+)/;

export interface StartedApi extends Started {
  port: number;
  /** Base URL of the running API, e.g. http://127.0.0.1:40123. */
  url: string;
}

/** The compiled API (dist/main.js) on a free port of 127.0.0.1, once it says it is ready. */
export async function startApi(env: Record<string, string | undefined>): Promise<StartedApi> {
  const started = startNode(['dist/main.js'], { HOST: '127.0.0.1', ...env, PORT: String(await freePort()) });
  const port = Number((await waitForOutput(started, READY, 60_000))[1]);
  return { ...started, port, url: `http://127.0.0.1:${port}` };
}

/** The settings a CLI or API process needs to share a test app's database and secrets. */
export function sharedEnv(databaseUrl: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: process.env.JWT_SECRET,
    FIELD_ENCRYPTION_KEYS: process.env.FIELD_ENCRYPTION_KEYS,
    BLIND_INDEX_KEY: process.env.BLIND_INDEX_KEY,
    ...extra,
  };
}

export interface CliRun {
  code: number | null;
  /** Standard output and standard error together. */
  output: string;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/cli.js ...args` to completion; returns its exit code and its output (`output`
 * combined; `stdout` and `stderr` are not enumerable, so a run compares equal to `{ code, output }`).
 */
export async function runCli(databaseUrl: string, args: string[], extra: Record<string, string | undefined> = {}): Promise<CliRun> {
  const run = startNode(['dist/cli.js', ...args], sharedEnv(databaseUrl, extra));
  const result = { code: (await run.exited).code, output: run.output() };
  return Object.defineProperties(result, { stdout: { value: run.stdout() }, stderr: { value: run.stderr() } }) as CliRun;
}
