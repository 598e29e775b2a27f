import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../config/app-config';
import { parseEnv } from '../config/env';
import { AppLogger } from '../observability/app-logger';
import { configureHttp, fastifyOptions } from './configure-app';
import { buildOpenApiDocument, mountSwaggerUi } from './openapi';
import { APP_VERSION } from '../version';

const OPTIONS = { bufferLogs: true, bodyParser: false, forceCloseConnections: true } as const;

/** What a compiled testing module offers; typed here so production code never loads @nestjs/testing. */
interface CompiledModule {
  createNestApplication<T extends INestApplication>(adapter: FastifyAdapter, options: typeof OPTIONS): T;
}

/**
 * Builds the HTTP application from the root module (main.ts) or a compiled testing module (e2e).
 * Its init() also readies Fastify, so its server answers (supertest) without listen().
 */
export async function createHttpApp(root: Type<unknown> | CompiledModule): Promise<NestFastifyApplication> {
  // The same validated environment the config module reads; Fastify takes these at creation.
  const adapter = new FastifyAdapter(fastifyOptions(new AppConfig(parseEnv(process.env)).http));
  const app =
    'createNestApplication' in root
      ? root.createNestApplication<NestFastifyApplication>(adapter, OPTIONS)
      : await NestFactory.create<NestFastifyApplication>(root, adapter, OPTIONS);
  app.useLogger(app.get(AppLogger));
  await configureHttp(app);
  mountSwaggerUi(app, buildOpenApiDocument(app, APP_VERSION));
  const init = app.init.bind(app);
  app.init = async () => {
    await init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  };
  return app;
}
