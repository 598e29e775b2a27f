import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { PrismaService } from '../database/prisma.service';
import { ApiProblems } from '../http/api-problems.decorator';
import { Public } from '../auth/public.decorator';
import { HealthResultDto } from './health-result.dto';

@ApiTags('operations')
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly prismaIndicator: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
  ) {}

  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthResultDto, description: 'The process is up' })
  @ApiOperation({ summary: 'Liveness', description: 'The process is up and serving HTTP. Checks no dependency.' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthResultDto, description: 'Every dependency answers' })
  @ApiOperation({ summary: 'Readiness', description: 'The database answers within 1.5 s. A load balancer sends traffic only while this is 200.' })
  @ApiProblems({
    status: 503,
    code: 'NOT_READY',
    title: 'Not ready',
    detail: 'Unavailable: database.',
    extra: { checks: { database: { status: 'down' } } },
    description: 'Not ready: a dependency is down (`checks` says which); with Retry-After',
  })
  ready() {
    return this.health.check([() => this.prismaIndicator.pingCheck('database', this.prisma).withTimeout(1500)]);
  }
}
