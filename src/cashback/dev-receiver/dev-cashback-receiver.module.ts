import { MiddlewareConsumer, Module, NestModule, NotFoundException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../platform/config/app-config';
import { DevCashbackReceiverController } from './dev-cashback-receiver.controller';
import { ReceivedDeliveries } from './received-deliveries';

/** Deliveries the local receiver keeps in memory, newest first. */
const CAPACITY = 200;

/**
 * The local cashback receiver. Its routes exist only outside production with CASHBACK_API_URL
 * unset; otherwise they answer exactly as a route that does not exist, before any guard runs.
 */
@Module({
  controllers: [DevCashbackReceiverController],
  providers: [{ provide: ReceivedDeliveries, useFactory: () => new ReceivedDeliveries(CAPACITY) }],
})
export class DevCashbackReceiverModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    const mounted = () => this.config.cashback.localReceiver;
    consumer
      .apply((request: Request, _response: Response, next: NextFunction) => {
        if (!mounted()) throw new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`);
        next();
      })
      .forRoutes(DevCashbackReceiverController);
  }
}
