import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';

export const LOGIN_RATE_LIMITED = 'loginRateLimited';

/** Applies the login throttler (per IP) to a route, on top of the global limit. */
export const LoginRateLimited = () => SetMetadata(LOGIN_RATE_LIMITED, true);

export const isLoginRoute = (context: ExecutionContext): boolean => Reflect.getMetadata(LOGIN_RATE_LIMITED, context.getHandler()) === true;

/**
 * The caller's address as the throttlers count it: Fastify's `request.ip` (the X-Forwarded-For entry
 * TRUST_PROXY hops from the right), IPv6 grouped by /64 subnet.
 */
export const ClientAddress = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  normalizeIp(context.switchToHttp().getRequest<{ ip?: string }>().ip ?? ''),
);
