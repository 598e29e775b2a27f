import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogger } from '../observability/app-logger';
import { configureHttp } from './configure-app';
import { buildOpenApiDocument, mountSwaggerUi } from './openapi';
import { APP_VERSION } from '../version';

const OPTIONS = { bufferLogs: true, bodyParser: false, forceCloseConnections: true } as const;

/** What a compiled testing module offers; typed here so production code never loads @nestjs/testing. */
interface CompiledModule {
  createNestApplication<T extends INestApplication>(options: typeof OPTIONS): T;
}

/** Builds the HTTP application from the root module (main.ts) or a compiled testing module (e2e). */
export async function createHttpApp(root: Type<unknown> | CompiledModule): Promise<INestApplication> {
  const app =
    'createNestApplication' in root
      ? root.createNestApplication<NestExpressApplication>(OPTIONS)
      : await NestFactory.create<NestExpressApplication>(root, OPTIONS);
  app.useLogger(app.get(AppLogger));
  configureHttp(app);
  mountSwaggerUi(app, buildOpenApiDocument(app, APP_VERSION));
  return app;
}
