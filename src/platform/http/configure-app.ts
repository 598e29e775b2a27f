import { INestApplication, RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppConfig } from '../config/app-config';
import { API_PREFIX } from './openapi';
import { json } from 'express';
import { routeAliases, routeBodyLimits } from './route-contracts';
import { requestIdOf } from './request-id';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest JSON body of the authentication routes. */
export const AUTH_BODY_LIMIT = '16kb';

/** `512kb`, `1mb`, `100b` (the BODY_LIMIT format) in bytes. */
function byteSize(limit: string): number {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(limit) ?? [];
  if (!amount) throw new Error(`not a body size: ${limit}`);
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
}

/** Routes that stay outside /api/v1: operations endpoints and the redirects to the docs. */
const UNPREFIXED = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
  { path: 'swagger', method: RequestMethod.GET },
  { path: '/', method: RequestMethod.GET },
];

/**
 * Everything about the HTTP server that is not a provider: security headers, CORS, body limits,
 * proxy trust and the route prefix. Shared by main.ts and the e2e tests so both serve the same app.
 */
export function configureHttp(app: INestApplication): void {
  const expressApp = app as NestExpressApplication;
  const config = app.get(AppConfig);
  const http = config.http;

  expressApp.set('trust proxy', http.trustProxy);
  expressApp.disable('x-powered-by');
  // Every answer carries its request id, also on routes the request logger skips.
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    requestIdOf(req, res);
    next();
  });
  const aliases = routeAliases();
  if (Object.keys(aliases).length) {
    app.use((req: { url: string }, _res: unknown, next: () => void) => {
      const [path, query] = req.url.split(/\?(.*)/s, 2);
      const target = aliases[path.replace(/\/+$/, '')];
      if (target) req.url = query === undefined ? target : `${target}?${query}`;
      next();
    });
  }
  // Headers first, so that answers to unreadable bodies (400, 413) carry them too.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI loads its own scripts and styles from /docs and inlines small styles.
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // The API is also served over plain HTTP (development, behind a TLS-terminating proxy):
          // upgrading Swagger UI's own assets to https would break the page there.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  if (http.corsOrigins.length) {
    app.enableCors({
      origin: http.corsOrigins.includes('*') ? true : http.corsOrigins,
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
      maxAge: 600,
    });
  }
  // Routes with a larger limit parse first; the general parser then skips the parsed body.
  for (const [path, limit] of Object.entries(routeBodyLimits())) app.use(path, json({ limit }));
  // Login, refresh and logout take a few short fields from anyone, unauthenticated: a small limit.
  app.use(`/${API_PREFIX}/auth`, json({ limit: Math.min(byteSize(AUTH_BODY_LIMIT), byteSize(http.bodyLimit)) }));
  expressApp.useBodyParser('json', { limit: http.bodyLimit });
  expressApp.useBodyParser('urlencoded', { limit: http.bodyLimit, extended: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
}
