import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../platform/auth/principal';
import { AppConfig } from '../platform/config/app-config';
import { TransactionHost } from '../platform/database/transaction-host';
import { Clock } from '../platform/clock';
import { hashRefreshToken, TokenService } from './auth/token.service';
import { InvalidCredentialsError, InvalidRefreshTokenError } from './errors';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersRepository } from './users.repository';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly attempts: LoginAttempts,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Same answer, and the same work, for an unknown e-mail, a wrong password and a disabled user. */
  async login(email: string, password: string, clientAddress: string): Promise<TokenPair> {
    this.attempts.begin(email, clientAddress);
    const credentials = await this.users.findCredentials(email);
    const matches = await this.hasher.verify(credentials?.passwordHash as string, password);
    if (!credentials || !matches || !credentials.active) {
      this.attempts.failed(email, clientAddress);
      this.logger.warn(`login refused for ${credentials ? `user ${credentials.id}` : 'an unknown e-mail'}`);
      throw new InvalidCredentialsError();
    }
    this.attempts.succeeded(email, clientAddress);
    const rehash = this.hasher.needsRehash(credentials.passwordHash) ? await this.hasher.hash(password) : undefined;
    return this.tx.run(async () => {
      if (rehash) await this.users.update(credentials.id, { passwordHash: rehash });
      const { pair } = await this.issue(credentials.id, randomUUID());
      await this.audit.record({ action: 'auth.login', entityType: 'user', entityId: credentials.id });
      return pair;
    });
  }

  /**
   * Rotates a refresh token. A token that was already used means it leaked (or a client retried
   * with a stale copy): the whole family is revoked and everyone holding it must log in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    const current = await this.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (!current) throw new InvalidRefreshTokenError();
    if (current.revokedAt) {
      if (current.replacedById) {
        await this.tx.run(async () => {
          await this.refreshTokens.revokeFamily(current.familyId, now);
          await this.audit.record({ action: 'auth.refresh-reuse', entityType: 'user', entityId: current.userId, changes: { family: { to: 'revoked' } } });
        });
        this.logger.warn(`reused refresh token for user ${current.userId}: family revoked`);
      }
      throw new InvalidRefreshTokenError();
    }
    if (current.expiresAt <= now) throw new InvalidRefreshTokenError('The refresh token has expired; log in again.');
    const user = await this.users.findById(current.userId);
    if (!user?.active) {
      await this.refreshTokens.revokeFamily(current.familyId, now);
      throw new InvalidRefreshTokenError('The user is disabled.');
    }
    const nextId = randomUUID();
    const pair = await this.tx.run(async () => {
      // Claim the old token first: of two concurrent refreshes, only one can.
      if (!(await this.refreshTokens.markReplaced(current.id, nextId, now))) return undefined;
      return (await this.issue(current.userId, current.familyId, nextId)).pair;
    });
    if (!pair) {
      await this.refreshTokens.revokeFamily(current.familyId, now);
      throw new InvalidRefreshTokenError();
    }
    return pair;
  }

  /** Ends the session of the given refresh token, or every session of the caller. */
  async logout(principal: Principal, refreshToken?: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async () => {
      const token = refreshToken ? await this.refreshTokens.findByHash(hashRefreshToken(refreshToken)) : undefined;
      if (token && token.userId === principal.userId) await this.refreshTokens.revokeFamily(token.familyId, now);
      else await this.refreshTokens.revokeAllOfUser(principal.userId, now);
      await this.audit.record({ action: 'auth.logout', entityType: 'user', entityId: principal.userId });
    });
  }

  private async issue(userId: bigint, familyId: string, id: string = randomUUID()): Promise<{ id: string; pair: TokenPair }> {
    const access = await this.tokens.accessToken(userId);
    const refresh = this.tokens.refreshToken();
    const refreshExpiresIn = this.config.auth.refreshTtlSeconds;
    await this.refreshTokens.create({ id, userId, familyId, tokenHash: refresh.hash, expiresAt: new Date(this.clock.now().getTime() + refreshExpiresIn * 1000) });
    const pair: TokenPair = { accessToken: access.token, tokenType: 'Bearer', expiresIn: access.expiresIn, refreshToken: refresh.token, refreshExpiresIn };
    return { id, pair };
  }
}
