import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppThrottlerGuard } from './http/app-throttler.guard';
import { SlidingWindowThrottlerStorage } from './http/sliding-window-throttler.storage';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ClockModule } from './clock.module';
import { isLoginRoute } from './auth/login-rate-limit';
import { DatabaseModule } from './database/database.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RootController } from './http/root.controller';
import { createValidationPipe } from './http/validation';
import { loggerParams } from './observability/logging';
import { ObservabilityModule } from './observability/observability.module';
import { AppLogger } from './observability/app-logger';

/** Cross-cutting infrastructure every feature module relies on; holds no business rule. */
@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    DatabaseModule,
    // Each request's store is entered by configureHttp's first Fastify hook, with its request id.
    ClsModule.forRoot({ global: true }),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loggerParams(config.logging),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        storage: new SlidingWindowThrottlerStorage(),
        throttlers: [
          // One budget per client across the API (the library's default key is per route).
          { name: 'default', ...config.http.throttle, generateKey: (_context, tracker, name) => `${name}-${tracker}` },
          // Against one address spraying many e-mails; failures per e-mail are counted per address too
          // (users/login-attempts.ts), so nobody can lock an account's owner out from elsewhere.
          { name: 'login-ip', ttl: 60_000, limit: config.auth.loginLimitPerIp, skipIf: (context) => !isLoginRoute(context) },
        ],
      }),
    }),
    ObservabilityModule,
  ],
  controllers: [RootController],
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
    AppLogger,
  ],
  exports: [ObservabilityModule, AppLogger],
})
export class PlatformModule {}
