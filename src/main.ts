import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadEnvironment } from './platform/config/load-environment';
import { bootLogger, exitWithError, PortInUseError } from './platform/boot';
import { runPrimary } from './platform/cluster';
import { prepareDatabase } from './platform/database/database-bootstrap';
import { portIsFree } from './platform/database/embedded-postgres';
import { createHttpApp } from './platform/http/create-app';
import { AppConfig } from './platform/config/app-config';
import { SeedService } from './seed/seed.service';
import { APP_VERSION } from './platform/version';
import { DEV_RECEIVER_PATH } from './cashback/delivery-target';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const { env, generatedSecrets } = loadEnvironment();
  const boot = bootLogger(env, cluster.isWorker ? `Worker ${process.env.API_WORKER_INDEX}` : 'Bootstrap');
  // A worker's primary checked the port and prepared the database (its URL is in the environment).
  if (cluster.isPrimary) {
    if (!(await portIsFree(env.PORT, env.HOST))) {
      throw new PortInUseError(`port ${env.PORT} on ${env.HOST} is already in use; stop the other process or set PORT`);
    }
    for (const name of generatedSecrets) {
      const scope = name === 'DEMO_ADMIN_PASSWORD' ? 'used outside production only' : 'required in production';
      boot.warn(`${name} is not set: using a development value generated in ${env.DATA_DIR}/secrets.json (${scope})`);
    }
  }

  const database = await prepareDatabase(env, (message) => boot.info(message));
  if (database.applied.length) boot.info(`applied migrations: ${database.applied.join(', ')}`);
  if (database.pending.length) boot.warn(`pending migrations not applied (DATABASE_MIGRATE_ON_START=false): ${database.pending.join(', ')}`);
  process.env.DATABASE_URL = database.url;

  if (cluster.isPrimary && env.API_WORKERS > 1) {
    const workerEnv = { DATABASE_URL: database.url, DATABASE_MIGRATE_ON_START: 'false', API_DATABASE_EMBEDDED: String(database.embedded) };
    await runPrimary({ workers: env.API_WORKERS, env: workerEnv, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS, log: boot, release: database.release }).catch(async (error) => {
      await database.release().catch(() => undefined);
      throw error;
    });
    return;
  }
  const embedded = database.embedded || process.env.API_DATABASE_EMBEDDED === 'true';

  let app: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  const shutdown = async (signal: string) => {
    const timeout = setTimeout(() => {
      process.stderr.write(`error: shutdown took longer than ${env.SHUTDOWN_TIMEOUT_MS} ms; exiting\n`);
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    boot.info(`${signal} received: finishing in-flight requests and stopping`);
    try {
      await app?.close();
      await database.release();
    } finally {
      clearTimeout(timeout);
    }
    process.exit(0);
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal);
    });
  }

  try {
    app = await createHttpApp(AppModule);
    // Start-up checks (lifecycle hooks) run before anything is written.
    await app.init();
    const config = app.get(AppConfig);
    if (config.database.seedOnStart) await app.get(SeedService).run();
    await app.listen(env.PORT, env.HOST).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new PortInUseError(`port ${env.PORT} on ${env.HOST} is already in use; stop the other process or set PORT`) : error;
    });
    const url = config.http.publicUrl;
    if (config.cashback.localReceiver) {
      boot.info(`cashback deliveries go to the local receiver (CASHBACK_API_URL is unset): GET ${url}${DEV_RECEIVER_PATH} lists them; nothing leaves this machine`);
    }
    if (!config.isProduction && config.demo.adminPassword) {
      boot.info(`demo login: POST ${url}/api/v1/auth/login as ${config.demo.adminEmail}; its password is DEMO_ADMIN_PASSWORD (in ${env.DATA_DIR}/secrets.json unless set)`);
    }
    app
      .get(Logger)
      .log(
        `Benefits Platform API ${APP_VERSION} ready at ${url} in ${Math.round(performance.now() - startedAt)} ms, database ${embedded ? 'embedded' : 'from DATABASE_URL'}; API reference: ${url}/docs`,
        'Bootstrap',
      );
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.release().catch(() => undefined);
    throw error;
  }
}

main().catch(exitWithError);
