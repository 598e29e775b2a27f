import cluster, { Worker } from 'node:cluster';
import type { Logger as PinoLogger } from 'pino';

export interface ClusterOptions {
  workers: number;
  /** Settings every worker gets on top of the primary's environment (the prepared DATABASE_URL). */
  env: Record<string, string>;
  shutdownTimeoutMs: number;
  log: PinoLogger;
  /** Stops what the primary owns (the embedded database), once every worker has exited. */
  release: () => Promise<void>;
}

/**
 * The primary of API_WORKERS > 1: it has prepared the database (embedded server, migrations) and
 * forks the HTTP workers, which share the port (the primary hands out connections). The first
 * worker seeds and starts alone; the others start once it listens, without seeding, so no two
 * seed at once. A worker that dies is replaced. On SIGINT or SIGTERM every worker drains its
 * requests and exits (they share the signal, and are sent it too), then the database stops.
 */
export function runPrimary({ workers, env, shutdownTimeoutMs, log, release }: ClusterOptions): Promise<void> {
  let stopping = false;
  const fork = (index: number, seed: boolean): Worker => {
    const worker = cluster.fork({ ...env, API_WORKER_INDEX: String(index), ...(seed ? {} : { DATABASE_SEED_ON_START: 'false' }) });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      log.warn(`API worker ${index} exited (${signal ?? `code ${code}`}); starting another`);
      fork(index, false);
    });
    return worker;
  };
  return new Promise((resolve, reject) => {
    const first = fork(1, true);
    const failedFirst = (code: number) => reject(new Error(`the first API worker exited with code ${code} before it listened; see its error above`));
    first.once('exit', failedFirst);
    first.once('listening', () => {
      first.off('exit', failedFirst);
      for (let index = 2; index <= workers; index++) fork(index, false);
      log.info(`${workers} API workers share the port`);
      resolve();
    });
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      const timer = setTimeout(() => {
        process.stderr.write(`error: workers took longer than ${shutdownTimeoutMs} ms to stop; exiting\n`);
        process.exit(1);
      }, shutdownTimeoutMs + 1000);
      const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker && !worker.isDead());
      void Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((done) => {
              worker.once('exit', () => done());
              worker.process.kill(signal);
            }),
        ),
      )
        .then(release)
        .finally(() => {
          clearTimeout(timer);
          process.exit(0);
        });
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
  });
}
