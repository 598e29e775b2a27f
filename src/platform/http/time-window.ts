import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsLaterThan, IsStorableDate } from './validators';

const DATE_MESSAGE = { message: '$property must be an ISO 8601 date or date-time, such as 2026-11-01 or 2026-11-01T10:00:00Z' };

/** `?from=&to=`: a period; `to`, when both are given, must be later than `from`. */
export class PeriodQueryDto {
  /** At or after this instant (ISO 8601). */
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate(DATE_MESSAGE)
  @IsStorableDate()
  from?: Date;

  /** Before this instant (ISO 8601). */
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate(DATE_MESSAGE)
  @IsStorableDate()
  @IsLaterThan('from')
  to?: Date;
}

/** `?from=&to=&limit=` for newest-first lists read with a cursor (events, audit trail). */
export class TimeWindowQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}
