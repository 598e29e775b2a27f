import { Injectable } from '@nestjs/common';
import { Principal, PrincipalResolver } from '../platform/auth/principal';
import { AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock';
import { effectiveClaims } from './records';
import { UsersRepository } from './users.repository';

/**
 * Resolves a token's subject to the user's current state: active, role and active claims. Each
 * process keeps the answer for AUTH_CACHE_TTL_MS, so a token costs no query on most requests;
 * writes in this process drop the cache at once, other replicas follow within the TTL.
 */
@Injectable()
export class AccessService implements PrincipalResolver {
  private readonly cache = new Map<bigint, { principal: Principal | undefined; until: number }>();

  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async resolve(userId: bigint): Promise<Principal | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(userId);
    if (cached && cached.until > now) return cached.principal;
    const user = await this.users.findById(userId);
    const principal: Principal | undefined =
      user && user.active
        ? { userId: user.id, email: user.email, name: user.name, roleId: user.role.id, role: user.role.description, claims: new Set(effectiveClaims(user)), tokensValidAfter: user.tokensValidAfter ?? undefined }
        : undefined;
    const ttl = this.config.auth.principalCacheMs;
    if (ttl > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(userId, { principal, until: now + ttl });
    }
    return principal;
  }

  /** Forget one user, or everyone (after a role or claim changes). */
  invalidate(userId?: bigint): void {
    if (userId === undefined) this.cache.clear();
    else this.cache.delete(userId);
  }
}
