import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { Clock } from '../platform/clock';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseIdPipe, ParseUuidPipe } from '../platform/http/id.pipe';
import { RequestValidationError } from '../platform/http/validation';
import { parseMoney } from '../platform/money';
import { CustomerEventsService } from './customer-events.service';
import { CreateEventDto, EventDto, EventPageDto, EventQueryDto, EventSummaryDto } from './dto/event.dto';
import { toEventDto } from './mappers';
import { DEMO_CUSTOMER_ID } from './customers.seeder';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

@ApiTags('customer events')
@Controller('customers/:id/events')
export class CustomerEventsController {
  constructor(
    private readonly events: CustomerEventsService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequireClaims(Claim.CustomersWrite)
  @ApiOperation({ summary: 'Record an event (tier C)', description: 'A bureau query, a financial movement or a card purchase.' })
  @Created(EventDto, 'customers/{params.id}/events/{id:eventId}')
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Customer id (UUID); the example is a demo customer', example: DEMO_CUSTOMER_ID })
  async create(@Param('id', ParseUuidPipe) id: string, @Body() body: CreateEventDto): Promise<EventDto> {
    const amountCents = body.amount === undefined ? null : parseMoney(body.amount)!;
    const problems = [];
    if (body.occurredAt.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) problems.push({ name: 'occurredAt', reasons: ['occurredAt must not be in the future'] });
    if (amountCents !== null && amountCents < 0n && body.type !== 'FINANCIAL_MOVEMENT') problems.push({ name: 'amount', reasons: ['amount may be negative only for FINANCIAL_MOVEMENT'] });
    if (problems.length) throw new RequestValidationError(problems);
    return toEventDto(await this.events.record(id, { type: body.type, occurredAt: body.occurredAt, amountCents, details: body.details }));
  }

  @Get()
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({ summary: "A customer's events", description: 'Newest first (oldest first with `sort=occurredAt`); filter by type and time; cursor pagination.' })
  @ApiOkResponse({ type: EventPageDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Customer id (UUID); the example is a demo customer', example: DEMO_CUSTOMER_ID })
  async list(@Param('id', ParseUuidPipe) id: string, @Query() query: EventQueryDto): Promise<EventPageDto> {
    const page = await this.events.list(id, { type: query.type, from: query.from, to: query.to, limit: query.limit, cursor: query.cursor, sort: query.sort });
    return { items: page.items.map(toEventDto), nextCursor: page.nextCursor };
  }

  @Get(':eventId')
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({ summary: "One of a customer's events", description: 'The event a `POST` answered with its Location; 404 EVENT_NOT_FOUND when the customer has no such event.' })
  @ApiOkResponse({ type: EventDto })
  @ApiProblems(400, 404)
  async get(@Param('id', ParseUuidPipe) id: string, @Param('eventId', ParseIdPipe) eventId: bigint): Promise<EventDto> {
    return toEventDto(await this.events.get(id, eventId));
  }

  @Get('summary')
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({ summary: "Summary of a customer's recent events", description: 'Last bureau query, five latest financial movements, last card purchase: one indexed query, the fastest read of the product.' })
  @ApiOkResponse({ type: EventSummaryDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Customer id (UUID); the example is a demo customer', example: DEMO_CUSTOMER_ID })
  async summary(@Param('id', ParseUuidPipe) id: string): Promise<EventSummaryDto> {
    const summary = await this.events.summary(id);
    return {
      customerId: id,
      lastBureauQuery: summary.lastBureauQuery && toEventDto(summary.lastBureauQuery),
      recentMovements: summary.recentMovements.map(toEventDto),
      lastCardPurchase: summary.lastCardPurchase && toEventDto(summary.lastCardPurchase),
    };
  }
}
