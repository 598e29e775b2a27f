import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MetricsService } from './metrics.service';

const STOP = Symbol('stopHttpTimer');

type Timed = FastifyRequest & { [STOP]?: (labels: Record<string, string>) => void };

/**
 * Times every request. The route label is the matched template (`/api/v1/users/:id`), never the raw
 * path, so ids do not explode the series; unmatched paths share one label.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as Timed)[STOP] = metrics.httpDuration.startTimer();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const template = request.is404 ? '' : (request.routeOptions.url ?? '');
    // Nest answers unknown paths from Fastify's not-found handler or a catch-all (`*`): one label.
    const route = template && !template.includes('*') ? template : 'unmatched';
    (request as Timed)[STOP]?.({ method: request.method, route, status_code: String(reply.statusCode) });
    done();
  });
}
