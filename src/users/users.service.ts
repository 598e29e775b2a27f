import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { UnknownReferenceError } from '../platform/http/domain-error';
import { Principal } from '../platform/auth/principal';
import { TransactionHost } from '../platform/database/transaction-host';
import { Clock } from '../platform/clock';
import { AccessService } from './access.service';
import { TokenService } from './auth/token.service';
import { ClaimsRepository } from './claims.repository';
import {
  CannotDeleteSelfError,
  ClaimNotFoundError,
  ClaimNotGrantedError,
  ClaimNotHeldError,
  EmailTakenError,
  RoleNameNotFoundError,
  RoleNotAssignableError,
  UserDisabledError,
  UserNotManageableError,
  UserEmailNotFoundError,
  UserNotFoundError,
} from './errors';
import { PasswordHasher } from './password-hasher';
import { claimsNotHeld, isAdmin } from './privileges';
import { ADMIN_ROLE } from '../platform/auth/claims';
import { generatePassword } from './password-generator';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RoleRecord, UserRecord } from './records';
import { RolesRepository } from './roles.repository';
import { UserFilter, UserSortField, UsersRepository, UserWrite } from './users.repository';
import { SortKey } from '../platform/http/sorting';

export interface NewUser {
  name: string;
  email: string;
  roleId: number;
  password?: string;
}

export interface UserChanges {
  name?: string;
  email?: string;
  roleId?: number;
  password?: string;
  active?: boolean;
}

/** Fields of a user as the audit trail sees them (the password only as a change marker). */
const audited = (user: UserRecord, password?: string) => ({
  name: user.name,
  email: user.email,
  roleId: user.role.id,
  active: user.active,
  ...(password === undefined ? {} : { password }),
});

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly roles: RolesRepository,
    private readonly claims: ClaimsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {}

  /** Creates the user; without a password, generates one and returns it (once). */
  async create(input: NewUser, actor?: Principal): Promise<{ user: UserRecord; generatedPassword?: string }> {
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const passwordHash = await this.hasher.hash(input.password ?? generatedPassword!);
    const user = await this.tx.run(async () => {
      this.requireAssignable(await this.requireRole(input.roleId, 'roleId'), actor);
      if (await this.users.emailTaken(input.email)) throw new EmailTakenError(input.email);
      const created = await this.users.create({ name: input.name, email: input.email, roleId: input.roleId, passwordHash });
      await this.audit.record({ action: 'user.create', entityType: 'user', entityId: created.id, changes: this.audit.summarize(undefined, audited(created, 'set'), ['password']) });
      return created;
    });
    return { user, generatedPassword };
  }

  /**
   * For the CLI: creates a user of the role with this name, with a generated password (returned
   * once). RoleNameNotFoundError names the roles there are.
   */
  async createWithRole(input: { name: string; email: string }, roleName: string): Promise<{ user: UserRecord; generatedPassword: string }> {
    const roles = await this.roles.findAll();
    const role = roles.find((candidate) => candidate.description === roleName);
    if (!role) throw new RoleNameNotFoundError(roleName, roles.map((candidate) => candidate.description));
    const { user, generatedPassword } = await this.create({ name: input.name, email: input.email, roleId: role.id });
    return { user, generatedPassword: generatedPassword! };
  }

  async get(id: bigint): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError(id);
    return user;
  }

  list(filter: UserFilter, skip: number, take: number, sort?: SortKey<UserSortField>[]) {
    return this.users.list(filter, skip, take, sort);
  }

  async update(id: bigint, changes: UserChanges, actor?: Principal): Promise<UserRecord> {
    if (actor?.userId === id && changes.active === false) throw new CannotDeleteSelfError();
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(changes.password);
    const updated = await this.tx.run(async () => {
      const before = await this.get(id);
      this.requireManageable(before, actor);
      if (changes.roleId !== undefined && changes.roleId !== before.role.id) this.requireAssignable(await this.requireRole(changes.roleId, 'roleId'), actor);
      if (changes.email !== undefined && changes.email !== before.email && (await this.users.emailTaken(changes.email, id))) throw new EmailTakenError(changes.email);
      // A new password or a disabled account ends every session: re-enabling it later brings none back.
      const endsSessions = passwordHash !== undefined || (changes.active === false && before.active);
      const now = this.clock.now();
      const write: UserWrite = { name: changes.name, email: changes.email, roleId: changes.roleId, active: changes.active, passwordHash, tokensValidAfter: endsSessions ? now : undefined };
      const after = await this.users.update(id, write);
      if (endsSessions) await this.refreshTokens.revokeAllOfUser(id, now);
      await this.audit.record({
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        changes: this.audit.summarize(audited(before, 'old'), audited(after, passwordHash === undefined ? 'old' : 'new'), ['password']),
      });
      return after;
    });
    this.access.invalidate(id);
    return updated;
  }

  /** Ends every session of the user: its access tokens are refused and its refresh tokens revoked. */
  async revokeSessions(id: bigint, actor?: Principal): Promise<void> {
    await this.tx.run(async () => {
      this.requireManageable(await this.get(id), actor);
      const now = this.clock.now();
      await this.users.update(id, { tokensValidAfter: now });
      await this.refreshTokens.revokeAllOfUser(id, now);
      await this.audit.record({ action: 'user.sessions.revoke', entityType: 'user', entityId: id, changes: { sessions: { to: 'revoked' } } });
    });
    this.access.invalidate(id);
  }

  async delete(id: bigint, actor?: Principal): Promise<void> {
    if (actor?.userId === id) throw new CannotDeleteSelfError();
    await this.tx.run(async () => {
      const before = await this.get(id);
      this.requireManageable(before, actor);
      await this.users.delete(id);
      await this.audit.record({ action: 'user.delete', entityType: 'user', entityId: id, changes: this.audit.summarize(audited(before), undefined) });
    });
    this.access.invalidate(id);
  }

  async grantClaim(userId: bigint, claimId: bigint, actor?: Principal): Promise<void> {
    await this.tx.run(async () => {
      this.requireManageable(await this.get(userId), actor);
      const claim = await this.claims.findById(claimId);
      if (!claim) throw new ClaimNotFoundError(claimId);
      const missing = claimsNotHeld(actor, [claim.description]);
      if (missing.length) throw new ClaimNotHeldError(missing);
      if (await this.users.grantClaim(userId, claimId)) {
        await this.audit.record({ action: 'user.claim.grant', entityType: 'user', entityId: userId, changes: { claims: { to: claim.description } } });
      }
    });
    this.access.invalidate(userId);
  }

  async revokeClaim(userId: bigint, claimId: bigint, actor?: Principal): Promise<void> {
    await this.tx.run(async () => {
      this.requireManageable(await this.get(userId), actor);
      const claim = await this.claims.findById(claimId);
      if (!claim) throw new ClaimNotFoundError(claimId);
      if (!(await this.users.revokeClaim(userId, claimId))) {
        throw new ClaimNotGrantedError(`User ${userId} does not hold claim ${claimId} directly (role claims are managed on the role).`);
      }
      await this.audit.record({ action: 'user.claim.revoke', entityType: 'user', entityId: userId, changes: { claims: { from: claim.description } } });
    });
    this.access.invalidate(userId);
  }

  /**
   * For the CLI: a long-lived access token for the (machine) user with this e-mail, audited with its
   * expiry. It stops working when the user is disabled or deleted; a disabled user gets none.
   */
  async issueAccessToken(email: string, ttlSeconds: number): Promise<{ user: UserRecord; token: string; expiresAt: Date }> {
    const user = await this.get(await this.idByEmail(email));
    if (!user.active) throw new UserDisabledError(user.email);
    const { token } = await this.tokens.accessToken(user.id, ttlSeconds);
    const expiresAt = new Date(this.clock.nowMs() + ttlSeconds * 1000);
    await this.audit.record({ action: 'token.issue', entityType: 'user', entityId: user.id, changes: { expiresAt: { to: expiresAt.toISOString() } } });
    return { user, token, expiresAt };
  }

  /** For the CLI: the id of the user with this e-mail. */
  async idByEmail(email: string): Promise<bigint> {
    const id = await this.users.findIdByEmail(email.trim().toLowerCase());
    if (id === undefined) throw new UserEmailNotFoundError(email);
    return id;
  }

  streamAll() {
    return this.users.streamAll();
  }

  /** Only an admin assigns the admin role; anyone else only roles whose claims it all holds. */
  private requireAssignable(role: RoleRecord, actor: Principal | undefined): void {
    if (isAdmin(actor)) return;
    if (role.description === ADMIN_ROLE) throw new RoleNotAssignableError(role.description, `Only an administrator can assign the ${ADMIN_ROLE} role.`);
    if (claimsNotHeld(actor, role.claims.map((claim) => claim.description)).length) throw new RoleNotAssignableError(role.description);
  }

  /** A caller changes (or deletes) only users with no more power than itself: not admins, nobody holding a claim it lacks. */
  private requireManageable(user: UserRecord, actor: Principal | undefined): void {
    if (isAdmin(actor) || actor!.userId === user.id) return;
    if (user.role.description === ADMIN_ROLE || claimsNotHeld(actor, [...user.role.claims, ...user.directClaims].map((claim) => claim.description)).length) {
      throw new UserNotManageableError(user.id);
    }
  }

  private async requireRole(roleId: number, field: string): Promise<RoleRecord> {
    const role = await this.roles.findById(roleId);
    if (!role) throw new UnknownReferenceError(field, `role ${roleId} does not exist`);
    return role;
  }
}
