import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { LevelWithSilent } from 'pino';
import { requestIdOf } from '../http/request-id';

/** Never written to a log, whatever the level: credentials, tokens and tier-A fields. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.generatedPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.secret',
];

/** Query parameters whose values are personal data (CPFs, e-mails): logged as `[redacted]`. */
const SENSITIVE_QUERY_PARAMS = new Set(['cpf', 'document', 'email', 'name', 'token']);

/** The URL with the values of sensitive query parameters replaced, for log lines and error messages. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // A malformed escape stays as sent; it is not a sensitive name then.
      }
      return eq >= 0 && SENSITIVE_QUERY_PARAMS.has(name.trim().toLowerCase()) ? `${key}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, mark)}?${query}`;
}

/**
 * Not logged per request: health checks and scrapes, and card authorizations, whose every attempt is
 * already in the ledger and the metrics (a log line each would cost the hot path a tenth of its CPU).
 * Errors are still logged by the problem filter.
 */
const QUIET_PATHS = /^\/(health\/|metrics|api\/v1\/transactions|transactions)/;

export function loggerParams(options: { level: LevelWithSilent; pretty: boolean }): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // The card authorizer's hot path skips the request logger entirely (see QUIET_PATHS).
    exclude: [{ path: 'transactions', method: RequestMethod.POST }],
    pinoHttp: {
      level: options.level,
      transport: options.pretty
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
        : undefined,
      genReqId: (req: IncomingMessage, res: ServerResponse) => requestIdOf(req, res),
      customAttributeKeys: { reqId: 'requestId' },
      quietReqLogger: true,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
