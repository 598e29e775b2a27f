import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Times every request. The route label is the matched template (`/api/v1/users/:id`), never the raw
 * path, so ids do not explode the series; unmatched paths share one label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const template = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : '';
      // Nest answers unknown paths from a catch-all route (`*path`): those share one label.
      const route = template && !template.includes('*') ? template : 'unmatched';
      stop({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  }
}
