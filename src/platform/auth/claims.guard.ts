import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MissingClaimsError } from './auth.errors';
import { PerRoute } from './per-route';
import { Principal } from './principal';
import { REQUIRED_CLAIMS } from './require-claims.decorator';

/** Runs after authentication: the caller must hold every claim the route requires. */
@Injectable()
export class ClaimsGuard implements CanActivate {
  private readonly requiredClaims = new PerRoute<readonly string[]>(
    (context) => this.reflector.getAllAndMerge<string[]>(REQUIRED_CLAIMS, [context.getClass(), context.getHandler()]) ?? [],
  );

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.requiredClaims.of(context);
    if (!required.length) return true;
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    for (const claim of required) {
      if (!principal?.claims.has(claim)) throw new MissingClaimsError(required.filter((each) => !principal?.claims.has(each)));
    }
    return true;
  }
}
