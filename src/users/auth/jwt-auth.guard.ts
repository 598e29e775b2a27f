import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ClsService } from 'nestjs-cls';
import { UnauthenticatedError } from '../../platform/auth/auth.errors';
import { Clock } from '../../platform/clock';
import { Principal, PRINCIPAL_KEY } from '../../platform/auth/principal';
import { PerRoute } from '../../platform/auth/per-route';
import { IS_PUBLIC } from '../../platform/auth/public.decorator';
import { JwtStrategy } from './jwt.strategy';
import { AccessTokenPayload } from './token.service';

/**
 * The global guard: every route needs a valid bearer token unless it is marked @Public().
 *
 * A token whose signature, issuer, audience and expiry passport-jwt has verified is remembered (by
 * its exact text, until it expires, at most a minute) so machine clients that send the same token
 * thousands of times do not pay for verification each time. Its claims still go through
 * JwtStrategy.validate on every request, so the user behind it is resolved again (AccessService) and
 * disabling a user or a claim, or ending the user's sessions, is unaffected.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly verified = new Map<string, { payload: AccessTokenPayload; until: number }>();
  private readonly publicRoute = new PerRoute((context) => this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true);

  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly strategy: JwtStrategy,
    private readonly clock: Clock,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.publicRoute.of(context)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: Principal }>();
    const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const known = token ? this.verified.get(token) : undefined;
    if (token && known && known.until > this.clock.nowMs()) {
      request.user = this.handleRequest(null, await this.strategy.validate(known.payload), undefined);
      return true;
    }
    const allowed = (await super.canActivate(context)) as boolean;
    if (token && request.user) this.remember(token);
    return allowed;
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false, info: unknown): T {
    // passport reports a refused token through `info`; `error` is a failure to check it (the user
    // could not be read), which must not turn a valid token into a 401 that makes clients drop it.
    if (error) throw error;
    if (!principal) throw new UnauthenticatedError(describe(info));
    if (this.cls.isActive()) this.cls.set(PRINCIPAL_KEY, principal);
    return principal;
  }

  private remember(token: string): void {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as AccessTokenPayload;
    const until = Math.min((payload.exp ?? 0) * 1000, this.clock.nowMs() + 60_000);
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, { payload, until });
  }
}

function describe(info: unknown): string {
  const name = (info as { name?: string } | undefined)?.name;
  if (name === 'TokenExpiredError') return 'The access token has expired; refresh it or log in again.';
  if (info instanceof Error && /No auth token/i.test(info.message)) return 'Send an access token: Authorization: Bearer <token> (POST /api/v1/auth/login).';
  if (name === 'JsonWebTokenError' || name === 'NotBeforeError') return 'The access token is invalid.';
  return 'The access token does not belong to an active user.';
}
