import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../platform/auth/principal';
import { Clock } from '../platform/clock';
import { TransactionHost } from '../platform/database/transaction-host';
import { UnknownReferenceError } from '../platform/http/domain-error';
import { DeviceNotOwnedError } from './errors';
import { ReadingsRepository } from './readings.repository';

/** How long a device's owner, once read, is trusted without asking the database. */
const OWNER_TTL_MS = 30_000;
const MAX_CACHED = 50_000;

/**
 * Who may send a device's readings and photos: the user it is enrolled to. A device unknown to the
 * platform (or without an owner) is enrolled to the first caller that sends for it; an operator
 * can enroll or move one explicitly. Checked before anything is queued or stored.
 *
 * Ownership rarely changes, so the owner read is kept in process for OWNER_TTL_MS: a device
 * sending steadily costs no query. Only a match is answered from the cache; a mismatch asks the
 * database again, so a move made by another instance is honoured at once for the new owner (the
 * old owner may keep sending for up to the TTL there; a move on this instance evicts at once).
 */
@Injectable()
export class DeviceOwnershipService {
  private readonly owners = new Map<string, { owner: bigint; until: number }>();

  constructor(
    private readonly readings: ReadingsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /**
   * Refuses (DeviceNotOwnedError, 403) when any of the devices is enrolled to another user, naming
   * them all; enrolls the unowned ones to the sender. One query at most, none when cached.
   */
  async assertSender(deviceIds: string[], sender: Principal, takenAt: Date): Promise<void> {
    const now = this.clock.now();
    const unique = [...new Set(deviceIds)];
    const unknown = unique.filter((id) => {
      const cached = this.owners.get(id);
      return !(cached && cached.until > now.getTime() && cached.owner === sender.userId);
    });
    if (!unknown.length) return;
    const owners = await this.readings.claimDevices(unknown, sender.userId, now, takenAt);
    const refused: string[] = [];
    for (const id of unknown) {
      const owner = owners.get(id) ?? null;
      if (owner === sender.userId) this.remember(id, owner, now);
      else refused.push(id);
    }
    if (refused.length) throw new DeviceNotOwnedError(refused);
  }

  /** Enrolls a device to a user, or moves it; audited. */
  async setOwner(deviceId: string, userId: bigint): Promise<void> {
    if (!(await this.readings.userExists(userId))) throw new UnknownReferenceError('userId', `user ${userId} does not exist`);
    await this.tx.run(async () => {
      const { previous } = await this.readings.setOwner(deviceId, userId, this.clock.now());
      await this.audit.record({
        action: 'device.set-owner',
        entityType: 'device',
        entityId: deviceId,
        changes: { ownerUserId: { from: previous === null ? null : previous.toString(), to: userId.toString() } },
      });
    });
    this.owners.delete(deviceId);
  }

  private remember(id: string, owner: bigint, now: Date): void {
    if (this.owners.size >= MAX_CACHED) this.owners.clear();
    this.owners.set(id, { owner, until: now.getTime() + OWNER_TTL_MS });
  }
}
