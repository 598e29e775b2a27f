import { Body, Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Claim } from '../../platform/auth/claims';
import { Public } from '../../platform/auth/public.decorator';
import { RequireClaims } from '../../platform/auth/require-claims.decorator';
import { Clock } from '../../platform/clock';
import { Created } from '../../platform/http/created.decorator';
import { RequestValidationError } from '../../platform/http/validation';
import { DEV_RECEIVER_ROUTE } from '../delivery-target';
import { ReceivedDeliveryAnswerDto, ReceivedDeliveryBodyDto } from './dev-cashback-receiver.dto';
import { ReceivedDeliveries } from './received-deliveries';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * A stand-in for the cashback API, served outside production when CASHBACK_API_URL is unset (the
 * module answers 404 otherwise), so a fresh checkout shows the whole delivery flow offline. Not part
 * of the product's contract: left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller(DEV_RECEIVER_ROUTE)
export class DevCashbackReceiverController {
  constructor(
    private readonly deliveries: ReceivedDeliveries,
    private readonly clock: Clock,
  ) {}

  /** The delivery client's call: no token, as the real cashback API gets none from this API. */
  @Post()
  @Public()
  @SkipThrottle()
  // Nothing here reads one delivery: Location names the list, which shows it.
  @Created(ReceivedDeliveryAnswerDto, DEV_RECEIVER_ROUTE)
  receive(@Body() body: ReceivedDeliveryBodyDto, @Headers('idempotency-key') idempotencyKey: string | undefined, @Res({ passthrough: true }) response: FastifyReply) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new RequestValidationError([{ name: 'Idempotency-Key', reasons: ['Idempotency-Key must be 1 to 200 letters, digits, . _ : or -'] }]);
    }
    const { entry, replayed } = this.deliveries.record({ document: body.document, cashback: body.cashback, idempotencyKey: idempotencyKey ?? null }, this.clock.now());
    if (replayed) response.status(200);
    return { id: String(entry.id), cashback: entry.cashback, receivedAt: entry.receivedAt } satisfies ReceivedDeliveryAnswerDto;
  }

  /** What was received, newest first, CPFs masked; the same claim that reads purchases. */
  @Get()
  @RequireClaims(Claim.CashbackRead)
  list() {
    return this.deliveries.list();
  }
}
