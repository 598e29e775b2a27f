import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsIn, IsObject, IsOptional, Matches } from 'class-validator';
import { TimeWindowQueryDto } from '../../platform/http/time-window';
import { IsMoney, IsOmittable, IsStorableDate } from '../../platform/http/validators';
import { SortParam } from '../../platform/http/sorting';

export const EVENT_TYPES = ['BUREAU_QUERY', 'FINANCIAL_MOVEMENT', 'CARD_PURCHASE'] as const;

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_TYPES, example: 'FINANCIAL_MOVEMENT' })
  @IsIn(EVENT_TYPES)
  type: (typeof EVENT_TYPES)[number];

  /** When it happened (ISO 8601); not more than 5 minutes in the future. */
  @ApiProperty({ example: '2026-11-25T10:00:00Z' })
  // Only text is read as a date: a number or `true` would otherwise become an instant in 1970.
  @Transform(({ value }) => (typeof value === 'string' ? new Date(value) : value))
  @IsDate({ message: 'occurredAt must be an ISO 8601 date-time' })
  @IsStorableDate()
  occurredAt: Date;

  /** Optional amount; negative for money leaving the customer (FINANCIAL_MOVEMENT only). */
  @ApiPropertyOptional({ example: '-120.50', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsOmittable()
  @IsMoney('nonZero')
  amount?: string | number;

  /** Free-form facts (merchant, bureau, channel...), at most 4 KB of JSON. */
  @ApiPropertyOptional({ example: { description: 'PIX recebido', channel: 'pix' } })
  @IsOmittable()
  @IsObject()
  details?: Record<string, unknown>;
}

export class EventDto {
  @ApiProperty({ example: '981' })
  id: string;

  @ApiProperty({ enum: EVENT_TYPES, example: 'CARD_PURCHASE' })
  type: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  occurredAt: string;

  @ApiProperty({ example: '89.90', nullable: true, type: String })
  amount: string | null;

  @ApiProperty({ example: { merchant: 'PADARIA DO ZE', mcc: '5811' } })
  details: Record<string, unknown>;
}

export class EventQueryDto extends TimeWindowQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: (typeof EVENT_TYPES)[number];

  /** From a previous page's `nextCursor`, with the same `sort`. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;

  @SortParam(['occurredAt'], { order: 'newest first (-occurredAt)', multiple: false })
  sort?: string;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] })
  items: EventDto[];

  /** Pass as `cursor` for the next (older) page; null on the last page. */
  @ApiProperty({ nullable: true, type: String, example: 'MjAyNi0xMS0yNVQxMDowMDowMC4wMDBafDk4MQ' })
  nextCursor: string | null;
}

export class EventSummaryDto {
  @ApiProperty({ example: '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10' })
  customerId: string;

  @ApiProperty({ type: EventDto, nullable: true })
  lastBureauQuery: EventDto | null;

  /** The five most recent financial movements, newest first. */
  @ApiProperty({ type: [EventDto] })
  recentMovements: EventDto[];

  @ApiProperty({ type: EventDto, nullable: true })
  lastCardPurchase: EventDto | null;
}
