import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ClsService } from 'nestjs-cls';
import { UnauthenticatedError } from '../../platform/auth/auth.errors';
import { Principal, PRINCIPAL_KEY } from '../../platform/auth/principal';
import { IS_PUBLIC } from '../../platform/auth/public.decorator';

/** The global guard: every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false, info: unknown): T {
    if (error || !principal) throw new UnauthenticatedError(describe(info));
    if (this.cls.isActive()) this.cls.set(PRINCIPAL_KEY, principal);
    return principal;
  }
}

function describe(info: unknown): string {
  const name = (info as { name?: string } | undefined)?.name;
  if (name === 'TokenExpiredError') return 'The access token has expired; refresh it or log in again.';
  if (info instanceof Error && /No auth token/i.test(info.message)) return 'Send an access token: Authorization: Bearer <token> (POST /api/v1/auth/login).';
  if (name === 'JsonWebTokenError' || name === 'NotBeforeError') return 'The access token is invalid.';
  return 'The access token does not belong to an active user.';
}
