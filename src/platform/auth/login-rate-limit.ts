import { ExecutionContext, SetMetadata } from '@nestjs/common';

export const LOGIN_RATE_LIMITED = 'loginRateLimited';

/** Applies the login throttlers (per IP and per e-mail) to a route, on top of the global limit. */
export const LoginRateLimited = () => SetMetadata(LOGIN_RATE_LIMITED, true);

export const isLoginRoute = (context: ExecutionContext): boolean => Reflect.getMetadata(LOGIN_RATE_LIMITED, context.getHandler()) === true;

/** Login attempts are counted per e-mail too, whatever the IP, against password spraying. */
export const emailTracker = (req: Record<string, unknown>): string => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `login-email:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
};
