import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MissingClaimsError } from './auth.errors';
import { Principal } from './principal';
import { REQUIRED_CLAIMS } from './require-claims.decorator';

/** Runs after authentication: the caller must hold every claim the route requires. */
@Injectable()
export class ClaimsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndMerge<string[]>(REQUIRED_CLAIMS, [context.getClass(), context.getHandler()]);
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    const missing = required.filter((claim) => !principal?.claims.has(claim));
    if (missing.length) throw new MissingClaimsError(missing);
    return true;
  }
}
