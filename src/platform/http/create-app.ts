import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { TestingModule } from '@nestjs/testing';
import { AppLogger } from '../observability/app-logger';
import { configureHttp } from './configure-app';
import { buildOpenApiDocument, mountSwaggerUi } from './openapi';
import { APP_VERSION } from '../version';

const OPTIONS = { bufferLogs: true, bodyParser: false, forceCloseConnections: true } as const;

/** Builds the HTTP application from the root module (main.ts) or a compiled testing module (e2e). */
export async function createHttpApp(root: Type<unknown> | TestingModule): Promise<INestApplication> {
  const app =
    root instanceof TestingModule
      ? root.createNestApplication<NestExpressApplication>(OPTIONS)
      : await NestFactory.create<NestExpressApplication>(root, OPTIONS);
  app.useLogger(app.get(AppLogger));
  configureHttp(app);
  mountSwaggerUi(app, buildOpenApiDocument(app, APP_VERSION));
  return app;
}
