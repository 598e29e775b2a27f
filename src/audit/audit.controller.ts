import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditEventQueryDto } from './dto/audit-event.dto';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireClaims(Claim.AuditRead)
  @ApiOperation({ summary: 'List audit events', description: 'Every write of the product, newest first (or by `occurredAt` with `sort`), with cursor pagination.' })
  @ApiProblems(400)
  async list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    const page = await this.audit.list({
      actorUserId: query.actorUserId === undefined ? undefined : BigInt(query.actorUserId),
      entityType: query.entityType,
      entityId: query.entityId,
      action: query.action,
      from: query.from,
      to: query.to,
      limit: query.limit,
    }, query.cursor, query.sort);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((event) => ({
        id: event.id.toString(),
        occurredAt: event.occurredAt.toISOString(),
        actorUserId: event.actorUserId === null ? null : Number(event.actorUserId),
        actor: event.actor,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        requestId: event.requestId,
        changes: event.changes,
      })),
    };
  }
}
