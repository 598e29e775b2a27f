import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { TimeWindowQueryDto } from '../../platform/http/time-window';
import { isSortedCursor, SortParam } from '../../platform/http/sorting';

export class AuditEventQueryDto extends TimeWindowQueryDto {
  /** Only events by this user. */
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  actorUserId?: number;

  /** Only events on this kind of entity, e.g. `user`. */
  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  /** Only events on this entity (with entityType). */
  @ApiPropertyOptional({ example: '42' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  /** Only this action, e.g. `user.update`. */
  @ApiPropertyOptional({ example: 'user.update' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  /** Cursor from a previous page's `nextCursor`, with the same `sort`. */
  @ApiPropertyOptional({ example: '1200' })
  @IsOptional()
  @ValidateBy({ name: 'isAuditCursor', validator: { validate: (value) => (typeof value === 'string' && /^\d{1,18}$/.test(value)) || isSortedCursor(value), defaultMessage: () => 'cursor must be a cursor returned by a previous page' } })
  cursor?: string;

  @SortParam(['occurredAt'], { order: 'newest first, in the order the events were written (by id)', multiple: false })
  sort?: string;
}

export class AuditEventDto {
  @ApiProperty({ example: '1201' })
  id: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  occurredAt: string;

  @ApiProperty({ example: 1, nullable: true, type: Number })
  actorUserId: number | null;

  /** E-mail of the acting user, or `cli:<name>` / `system`. */
  @ApiProperty({ example: 'admin@demo.local' })
  actor: string;

  @ApiProperty({ example: 'user.update' })
  action: string;

  @ApiProperty({ example: 'user' })
  entityType: string;

  @ApiProperty({ example: '42' })
  entityId: string;

  @ApiProperty({ example: '6f1c2a7e-0d1b-4f4b-9a55-2f0f7d1b9c3e', nullable: true, type: String })
  requestId: string | null;

  /** Changed fields; secrets appear as "[redacted]". */
  @ApiProperty({ example: { name: { from: 'Ana', to: 'Ana Souza' }, password: { from: '[redacted]', to: '[redacted]' } }, nullable: true, type: Object })
  changes: Record<string, { from?: unknown; to?: unknown }> | null;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items: AuditEventDto[];

  /** Pass as `cursor` for the next (older) page; null on the last page. */
  @ApiProperty({ example: '1150', nullable: true, type: String })
  nextCursor: string | null;
}
