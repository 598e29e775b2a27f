import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../observability/metrics.service';
import { registerHttpMetrics } from '../observability/http-metrics.hooks';
import { registerBodyParsers } from './body-parsers';
import { ProblemDetailsFilter } from './problem-details.filter';
import { API_PREFIX } from './openapi';
import { ALIAS_METHODS, routeAliases, routeBodyLimits } from './route-contracts';
import { requestIdOf } from './request-id';

/** Largest JSON body of the authentication routes. */
export const AUTH_BODY_LIMIT = '16kb';

/** `512kb`, `1mb`, `100b` (the BODY_LIMIT format) in bytes. */
export function byteSize(limit: string): number {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(limit) ?? [];
  if (!amount) throw new Error(`not a body size: ${limit}`);
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
}

/**
 * helmet's headers, its middleware built once: @fastify/helmet builds a new one, CSP directives
 * parsed again, for every request, a few percent of a card authorization's CPU.
 */
const securityHeaders = helmet({
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
});

function ignore(): void {}

/** What every answer carries, whichever path produced it: the request id and the security headers. */
function stampAnswer(request: IncomingMessage, response: ServerResponse): string {
  // helmet's middleware sets them synchronously (and throws rather than calls back on an error).
  securityHeaders(request, response, ignore);
  return requestIdOf(request, response);
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
 * An old contract's path -> the current one, before routing, so guards and metrics see one route;
 * only for the methods the old contracts had (the document describes nothing else there).
 */
function aliasRewriter(aliases: Record<string, string>): (req: { url?: string; method?: string }) => string {
  return (req) => {
    const url = req.url ?? '/';
    if (!ALIAS_METHODS.includes(req.method ?? '')) return url;
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const target = aliases[path.replace(/\/+$/, '')];
    return target ? target + (mark < 0 ? '' : url.slice(mark)) : url;
  };
}

/**
 * What Fastify must know when it is created: proxy trust, the general body limit, the request id
 * and the old contracts' paths (rewritten before routing).
 */
export function fastifyOptions(http: AppConfig['http']): FastifyServerOptions {
  const aliases = routeAliases();
  return {
    // A hop count trusts that many proxies from the socket inwards, as Express's `trust proxy` did:
    // Fastify itself now refuses to trust anything for a bare number.
    trustProxy: typeof http.trustProxy === 'number' ? (_address: string, hop: number) => hop < (http.trustProxy as number) : http.trustProxy,
    bodyLimit: byteSize(http.bodyLimit),
    genReqId: (req) => requestIdOf(req),
    ...(Object.keys(aliases).length ? { rewriteUrl: aliasRewriter(aliases) } : {}),
    // Express matched `/x/` as `/x` and handed long path parameters to the route's pipes.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16_384 },
    // The router's own refusals (a path whose escapes do not decode) answer problem+json too.
    frameworkErrors: (error, request, reply) => {
      // Answered before any request hook ran.
      stampAnswer(request.raw, reply.raw);
      new ProblemDetailsFilter().answer(error, request, reply);
    },
  };
}

/**
 * Everything about the HTTP server that is not a provider: security headers, CORS, body parsing
 * and limits, metrics and the route prefix. Shared by main.ts and the e2e tests so both serve the
 * same app. Runs before the routes are registered (app.init()).
 */
export async function configureHttp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const http = config.http;
  const fastify = app.getHttpAdapter().getInstance();

  registerHttpMetrics(fastify, app.get(MetricsService));
  // Every answer carries its request id and security headers, set in a request hook so that routes
  // the request logger skips and answers to unreadable bodies (400, 413) carry them too; the rest of
  // the request runs in its own context store (request id, caller, transaction), entered here in
  // Fastify's first hook rather than through a middleware layer.
  const cls = app.get(ClsService);
  fastify.addHook('onRequest', (request, reply, done) => {
    cls.runWith({ [CLS_ID]: stampAnswer(request.raw, reply.raw) }, done);
  });
  if (http.corsOrigins.length) {
    app.enableCors({
      origin: http.corsOrigins.includes('*') ? true : http.corsOrigins,
      // Lists as one comma-separated value each, as before (@fastify/cors would join arrays with ", ").
      methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
      exposedHeaders: 'X-Request-Id,Retry-After,Idempotent-Replayed',
      maxAge: 600,
    });
  }
  registerBodyParsers(fastify);
  // Routes with their own limit (uploads above BODY_LIMIT); login, refresh and logout take a few
  // short fields from anyone, unauthenticated: a small limit.
  const limits = Object.entries(routeBodyLimits()).map(([path, limit]) => [path.replace(/\/+$/, ''), byteSize(limit)] as const);
  limits.push([`/${API_PREFIX}/auth`, Math.min(byteSize(AUTH_BODY_LIMIT), byteSize(http.bodyLimit))]);
  fastify.addHook('onRoute', (route) => {
    const url = route.url.replace(/\/+$/, '');
    const own = limits.find(([path]) => url === path || url.startsWith(`${path}/`));
    if (own && route.bodyLimit === undefined) route.bodyLimit = own[1];
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
}
