import { MiddlewareConsumer, Module, NestModule, NotFoundException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
      .apply((request: IncomingMessage & { originalUrl?: string }, _response: ServerResponse, next: () => void) => {
        if (!mounted()) throw new NotFoundException(`Cannot ${request.method} ${(request.originalUrl ?? request.url ?? '').split('?')[0]}`);
        next();
      })
      .forRoutes(DevCashbackReceiverController);
  }
}
