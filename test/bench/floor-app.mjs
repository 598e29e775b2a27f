// The framework floor: one no-op route (parses the JSON body, answers a constant) in a Nest app
// built by the product's own factory, createHttpApp from dist, so it runs on whatever HTTP adapter
// and HTTP set-up (security headers, request ids, body parsers, prefix) the product uses. No
// guard, no database, no feature module. Run as a child process by the benchmarks: the
// environment is the API's; the first IPC message is {url}, any message afterwards stops it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
require('reflect-metadata');
const { Body, Controller, HttpCode, Module, Post, RequestMethod } = require('@nestjs/common');
const { LoggerModule } = require('nestjs-pino');
// The platform's first request hook enters each request's context store.
const { ClsModule } = require('nestjs-cls');
const { createHttpApp } = require(path.join(root, 'dist/platform/http/create-app.js'));
const { AppConfigModule } = require(path.join(root, 'dist/platform/config/config.module.js'));
const { AppLogger } = require(path.join(root, 'dist/platform/observability/app-logger.js'));
// The HTTP metrics hooks the platform mounts record into the metrics registry.
const { MetricsService } = require(path.join(root, 'dist/platform/observability/metrics.service.js'));

class FloorController {
  noop() {
    return { code: '00' };
  }
}
const noop = Object.getOwnPropertyDescriptor(FloorController.prototype, 'noop');
Body()(FloorController.prototype, 'noop', 0);
Reflect.decorate([Post(), HttpCode(200)], FloorController.prototype, 'noop', noop);
Reflect.decorate([Controller('floor')], FloorController);

class FloorModule {}
Reflect.decorate(
  [
    Module({
      imports: [AppConfigModule, ClsModule.forRoot({ global: true }), LoggerModule.forRoot({ pinoHttp: { level: 'warn' }, exclude: [{ path: 'floor', method: RequestMethod.POST }] })],
      controllers: [FloorController],
      providers: [AppLogger, MetricsService],
    }),
  ],
  FloorModule,
);

const app = await createHttpApp(FloorModule);
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address();
process.on('message', async () => {
  await app.close();
  process.exit(0);
});
process.send({ url: `http://127.0.0.1:${port}` });
