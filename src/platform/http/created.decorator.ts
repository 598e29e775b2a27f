import { applyDecorators, CallHandler, ExecutionContext, HttpCode, NestInterceptor, Type, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { API_PREFIX } from './openapi';

/** `{field}`, `{params.name}`, either with `:documentedName` (`{id:eventId}`). */
const PLACEHOLDER = /\{(params\.)?([A-Za-z0-9_]+)(?::([A-Za-z0-9_]+))?\}/g;

/**
 * The canonical URL of what an answer created: `template` under the API prefix, each `{field}`
 * taken from the answer body and each `{params.name}` from the route's path parameters, encoded.
 * A placeholder may name itself for the document (`{id:eventId}`) where two would read alike.
 */
export function locationOf(template: string, body: unknown, params: Record<string, unknown> = {}): string {
  const path = template.replace(PLACEHOLDER, (_match, fromParams: string | undefined, name: string) => {
    const value = fromParams ? params[name] : (body as Record<string, unknown> | null)?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`the location ${template} needs ${fromParams ?? ''}${name}, absent from the answer`);
    return encodeURIComponent(String(value));
  });
  return `/${API_PREFIX}/${path}`;
}

/** Sets Location on a 201 answer, from the body the handler returned. */
class LocationInterceptor implements NestInterceptor {
  constructor(private readonly template: string) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    return next.handle().pipe(
      map((body) => {
        // The status is set before the handler runs; a handler that answers otherwise (a replay) created nothing.
        if (reply.statusCode === 201) reply.header('Location', locationOf(this.template, body, request.params as Record<string, unknown>));
        return body;
      }),
    );
  }
}

/**
 * A route that creates something: answers 201 with the body `type` and a Location header pointing
 * at the created resource (`template`, relative to the API prefix, e.g. `users/{id}`), both
 * documented. The one way a route sets Location.
 */
export function Created(type: Type<unknown>, template: string, description = 'Created') {
  const documented = `/${API_PREFIX}/${template.replace(PLACEHOLDER, (_match, _fromParams, name: string, alias?: string) => `{${alias ?? name}}`)}`;
  return applyDecorators(
    HttpCode(201),
    UseInterceptors(new LocationInterceptor(template)),
    ApiCreatedResponse({
      type,
      description,
      headers: {
        Location: { description: `URL of the created resource: \`${documented}\``, schema: { type: 'string', format: 'uri-reference' } },
      },
    }),
  );
}
