import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ALL_CLAIMS } from '../platform/auth/claims';
import { TransactionHost } from '../platform/database/transaction-host';
import { AccessService } from './access.service';
import { ClaimsRepository } from './claims.repository';
import { BuiltInClaimError, ClaimNotFoundError, ProtectedEntityError } from './errors';
import { ClaimRecord } from './records';

@Injectable()
export class ClaimsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  list(): Promise<ClaimRecord[]> {
    return this.claims.findAll();
  }

  async get(id: bigint): Promise<ClaimRecord> {
    const claim = await this.claims.findById(id);
    if (!claim) throw new ClaimNotFoundError(id);
    return claim;
  }

  create(description: string, active = true): Promise<ClaimRecord> {
    return this.tx.run(async () => {
      const claim = await this.claims.create(description, active);
      await this.audit.record({ action: 'claim.create', entityType: 'claim', entityId: claim.id, changes: this.audit.summarize(undefined, { description, active }) });
      return claim;
    });
  }

  async update(id: bigint, changes: { description?: string; active?: boolean }): Promise<ClaimRecord> {
    const updated = await this.tx.run(async () => {
      const before = await this.get(id);
      if (changes.description !== undefined && changes.description !== before.description && (ALL_CLAIMS as readonly string[]).includes(before.description)) {
        throw new ProtectedEntityError(`Claim ${before.description} is checked by the product's routes and cannot be renamed; deactivate it instead.`);
      }
      if (changes.active === false && before.active && (ALL_CLAIMS as readonly string[]).includes(before.description)) {
        throw new BuiltInClaimError(`Claim ${before.description} is built in: routes check it and the admin role must hold it, so it cannot be deactivated; revoke it from roles instead.`);
      }
      const after = await this.claims.update(id, changes);
      await this.audit.record({
        action: 'claim.update',
        entityType: 'claim',
        entityId: id,
        changes: this.audit.summarize({ description: before.description, active: before.active }, { description: after.description, active: after.active }),
      });
      return after;
    });
    this.access.invalidate();
    return updated;
  }
}
