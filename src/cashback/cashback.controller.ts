import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Claim } from '../platform/auth/claims';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { Principal } from '../platform/auth/principal';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseUuidPipe } from '../platform/http/id.pipe';
import { pageOf } from '../platform/http/pagination';
import { registerRouteContract } from '../platform/http/route-contracts';
import { RequestValidationError } from '../platform/http/validation';
import { CashbackService } from './cashback.service';
import { CreatePurchaseDto, PurchaseDetailDto, PurchaseDto, PurchasePageDto, PurchaseQueryDto, ReconciliationDto, ReconciliationQueryDto } from './dto/purchase.dto';
import { toAttemptDto, toPurchaseDto, toReconciliationDto } from './mappers';
import { posterScope } from './tenancy';
import { parseSort } from '../platform/http/sorting';
import { PurchaseSortField } from './purchases.repository';

// ERPs built on the original contract post to /api/cashback: same handler, same rules.
registerRouteContract({ paths: [], aliases: { '/api/cashback': '/api/v1/cashback' }, onError: () => undefined });

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

@ApiTags('cashback')
@Controller('cashback')
export class CashbackController {
  constructor(private readonly cashback: CashbackService) {}

  @Post()
  @RequireClaims(Claim.CashbackWrite)
  @ApiOperation({
    summary: 'Post a purchase for cashback',
    description:
      'Validates the purchase, prices each item with its type rate, stores everything for reconciliation and queues the delivery to the cashback API. Also served at POST /api/cashback (the original contract). With an Idempotency-Key, the same key and body answer the purchase created the first time (its delivery status as it is now) with Idempotent-Replayed: true; another body with that key is 409.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes retries safe: up to 200 letters, digits, . _ : -' })
  @Created(PurchaseDto, 'cashback/{id}')
  @ApiProblems(400, 409)
  async create(
    @Body() body: CreatePurchaseDto,
    @CurrentPrincipal() poster: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<PurchaseDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new RequestValidationError([{ name: 'Idempotency-Key', reasons: ['Idempotency-Key must be 1 to 200 letters, digits, . _ : or -'] }]);
    }
    const { view, replayed } = await this.cashback.accept(body, poster, idempotencyKey);
    if (replayed) response.header('Idempotent-Replayed', 'true');
    return toPurchaseDto(view);
  }

  @Get()
  @RequireClaims(Claim.CashbackRead)
  @ApiOperation({
    summary: 'List purchases',
    description:
      'Newest first unless `sort` says otherwise (`createdAt`, `soldAt`, `total`, `cashback`, each `-` for descending); filter by delivery status, customer CPF and acceptance period. Only the caller\'s own purchases unless it holds cashback:read-all. `document` is the CPF in clear for customers:read-sensitive (each such purchase audited), masked otherwise; the `document` filter needs customers:read-sensitive.',
  })
  @ApiOkResponse({ type: PurchasePageDto })
  @ApiProblems(400, 403)
  async list(@Query() query: PurchaseQueryDto, @CurrentPrincipal() reader: Principal): Promise<PurchasePageDto> {
    const filter = { status: query.status, document: query.document, from: query.from, to: query.to, sort: parseSort<PurchaseSortField>(query.sort) };
    const { items, total } = await this.cashback.list(filter, (query.page - 1) * query.pageSize, query.pageSize, reader);
    return pageOf(items.map(toPurchaseDto), total, query);
  }

  @Get('reconciliation')
  @RequireClaims(Claim.CashbackRead)
  @ApiOperation({
    summary: 'Reconciliation',
    description: 'Purchases accepted in the period: counts and sums of totals and cashback by delivery status, and delivery calls made. Of the caller\'s own purchases, or of all with cashback:read-all.',
  })
  @ApiOkResponse({ type: ReconciliationDto })
  @ApiProblems(400)
  async reconciliation(@Query() query: ReconciliationQueryDto, @CurrentPrincipal() reader: Principal): Promise<ReconciliationDto> {
    return toReconciliationDto(await this.cashback.reconciliation(posterScope(reader), query.from, query.to), query.from, query.to);
  }

  @Get(':id')
  @RequireClaims(Claim.CashbackRead)
  @ApiOperation({
    summary: 'Get a purchase with its delivery attempts',
    description: 'Another poster\'s purchase answers 404 unless the caller holds cashback:read-all. `document` as in the list.',
  })
  @ApiOkResponse({ type: PurchaseDetailDto })
  @ApiProblems(400, 404)
  async get(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() reader: Principal): Promise<PurchaseDetailDto> {
    const { view, attempts } = await this.cashback.get(id, reader);
    return { ...toPurchaseDto(view), deliveries: attempts.map(toAttemptDto) };
  }

  @Post(':id/resend')
  @HttpCode(202)
  @RequireClaims(Claim.CashbackWrite)
  @ApiOperation({
    summary: 'Re-send a FAILED delivery',
    description: 'Back to PENDING with a new delivery job; 409 NOT_RESENDABLE unless FAILED. Only the caller\'s own purchases (404 otherwise) unless it holds cashback:read-all.',
  })
  @ApiAcceptedResponse({ type: PurchaseDto })
  @ApiProblems(400, 404, 409)
  async resend(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() reader: Principal): Promise<PurchaseDto> {
    return toPurchaseDto(await this.cashback.resend(id, reader));
  }
}
