import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MetricsService } from './metrics.service';

const STARTED = Symbol('httpStartedAt');

type Timed = FastifyRequest & { [STARTED]?: bigint };

/** One series' observe function, bound once per method, route and status: no label hashing per answer. */
type Observe = (seconds: number) => void;

/**
 * Times every request. The route label is the matched template (`/api/v1/users/:id`), never the raw
 * path, so ids do not explode the series; unmatched paths share one label. Each series' child is
 * bound on first use and kept (templates, methods and statuses are finite sets).
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  const series = new Map<string, Observe>();
  const bound = (method: string, route: string, status: number): Observe => {
    const key = `${method} ${status} ${route}`;
    let observe = series.get(key);
    if (!observe) {
      observe = metrics.httpDuration.labels({ method, route, status_code: String(status) }).observe;
      series.set(key, observe);
    }
    return observe;
  };
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as Timed)[STARTED] = process.hrtime.bigint();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const started = (request as Timed)[STARTED];
    if (started !== undefined) {
      const template = request.is404 ? '' : (request.routeOptions.url ?? '');
      // Nest answers unknown paths from Fastify's not-found handler or a catch-all (`*`): one label.
      const route = template && !template.includes('*') ? template : 'unmatched';
      bound(request.method, route, reply.statusCode)(Number(process.hrtime.bigint() - started) / 1e9);
    }
    done();
  });
}
