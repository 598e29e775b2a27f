import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
@Public()
@SkipThrottle()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics', description: 'Text exposition format: HTTP request durations by route and status, process and Node.js metrics.' })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string', example: 'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health/live",status_code="200"} 3' } } } })
  async scrape(@Res() res: FastifyReply): Promise<void> {
    res.type(this.metrics.contentType).send(await this.metrics.render());
  }
}
