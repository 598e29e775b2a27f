import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ADMIN_ROLE } from '../platform/auth/claims';
import { TransactionHost } from '../platform/database/transaction-host';
import { AccessService } from './access.service';
import { ClaimsRepository } from './claims.repository';
import { Principal } from '../platform/auth/principal';
import { claimsNotHeld } from './privileges';
import { ClaimNotFoundError, ClaimNotGrantedError, ClaimNotHeldError, ProtectedEntityError, RoleInUseError, RoleNotFoundError } from './errors';
import { UnknownReferenceError } from '../platform/http/domain-error';
import { RoleRecord } from './records';
import { RolesRepository } from './roles.repository';

@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly claims: ClaimsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  list(): Promise<RoleRecord[]> {
    return this.roles.findAll();
  }

  async get(id: number): Promise<RoleRecord> {
    const role = await this.roles.findById(id);
    if (!role) throw new RoleNotFoundError(id);
    return role;
  }

  async create(description: string, claimIds: number[] = [], actor?: Principal): Promise<RoleRecord> {
    return this.tx.run(async () => {
      const ids = claimIds.map(BigInt);
      const found = await this.claims.findByIds(ids);
      const unknown = ids.filter((id) => !found.some((claim) => claim.id === id));
      if (unknown.length) throw new UnknownReferenceError('claimIds', `claim${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} do${unknown.length > 1 ? '' : 'es'} not exist`);
      const missing = claimsNotHeld(actor, found.map((claim) => claim.description));
      if (missing.length) throw new ClaimNotHeldError(missing);
      const role = await this.roles.create(description, ids);
      await this.audit.record({
        action: 'role.create',
        entityType: 'role',
        entityId: role.id,
        changes: this.audit.summarize(undefined, { description, claims: role.claims.map((claim) => claim.description) }),
      });
      return role;
    });
  }

  async update(id: number, description: string | undefined): Promise<RoleRecord> {
    const updated = await this.tx.run(async () => {
      const before = await this.get(id);
      if (description === undefined || description === before.description) return before;
      if (before.description === ADMIN_ROLE) throw new ProtectedEntityError(`The ${ADMIN_ROLE} role cannot be renamed.`);
      const after = await this.roles.update(id, description);
      await this.audit.record({ action: 'role.update', entityType: 'role', entityId: id, changes: this.audit.summarize({ description: before.description }, { description }) });
      return after;
    });
    this.access.invalidate();
    return updated;
  }

  async delete(id: number): Promise<void> {
    await this.tx.run(async () => {
      const role = await this.get(id);
      if (role.description === ADMIN_ROLE) throw new ProtectedEntityError(`The ${ADMIN_ROLE} role cannot be deleted.`);
      if (role.userCount > 0) throw new RoleInUseError(id, role.userCount);
      await this.roles.delete(id);
      await this.audit.record({ action: 'role.delete', entityType: 'role', entityId: id, changes: this.audit.summarize({ description: role.description }, undefined) });
    });
  }

  async grantClaim(roleId: number, claimId: bigint, actor?: Principal): Promise<void> {
    await this.tx.run(async () => {
      await this.get(roleId);
      const claim = await this.claims.findById(claimId);
      if (!claim) throw new ClaimNotFoundError(claimId);
      const missing = claimsNotHeld(actor, [claim.description]);
      if (missing.length) throw new ClaimNotHeldError(missing);
      if (await this.roles.grantClaims(roleId, [claimId])) {
        await this.audit.record({ action: 'role.claim.grant', entityType: 'role', entityId: roleId, changes: { claims: { to: claim.description } } });
      }
    });
    this.access.invalidate();
  }

  async revokeClaim(roleId: number, claimId: bigint, actor?: Principal): Promise<void> {
    await this.tx.run(async () => {
      const role = await this.get(roleId);
      if (role.description === ADMIN_ROLE) throw new ProtectedEntityError(`The ${ADMIN_ROLE} role always holds every claim; deactivate the claim instead.`);
      const claim = await this.claims.findById(claimId);
      if (!claim) throw new ClaimNotFoundError(claimId);
      const missing = claimsNotHeld(actor, [claim.description]);
      if (missing.length) throw new ClaimNotHeldError(missing);
      if (!(await this.roles.revokeClaim(roleId, claimId))) throw new ClaimNotGrantedError(`Role ${roleId} does not hold claim ${claimId}.`);
      await this.audit.record({ action: 'role.claim.revoke', entityType: 'role', entityId: roleId, changes: { claims: { from: claim.description } } });
    });
    this.access.invalidate();
  }
}
