import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { requestIdOf } from './http/request-id';
import { RootController } from './http/root.controller';
import { createValidationPipe } from './http/validation';
import { loggerParams } from './observability/logging';
import { ObservabilityModule } from './observability/observability.module';
import { AppLogger } from './observability/app-logger';

/** Cross-cutting infrastructure every feature module relies on; holds no business rule. */
@Module({
  imports: [
    AppConfigModule,
    DatabaseModule,
    ClsModule.forRoot({
      global: true,
      middleware: { mount: true, generateId: true, idGenerator: (req) => requestIdOf(req) },
    }),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loggerParams(config.logging),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ throttlers: [{ name: 'default', ...config.http.throttle }] }),
    }),
    ObservabilityModule,
  ],
  controllers: [RootController],
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    AppLogger,
  ],
  exports: [ObservabilityModule, AppLogger],
})
export class PlatformModule {}
