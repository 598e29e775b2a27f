import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { ConfigurationError } from '../platform/config/config.errors';
import { TransactionHost } from '../platform/database/transaction-host';
import { CustomersRepository } from './customers.repository';
import { TierACodec } from './tier-a-codec';

export interface RotationProgress {
  rotated: number;
  remaining: number;
}

/**
 * Re-encrypts tier A under the active key, a batch per transaction, and with it the name's blind
 * prefix index, whose tokens are keyed by the same key. Rows are locked with SKIP LOCKED, so the API
 * keeps serving (and writing) while it runs; stopping it at any point loses nothing: the next run
 * continues with the rows still under an old key.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly codec: TierACodec,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  async rotate(options: { batchSize?: number; onBatch?: (progress: RotationProgress) => void } = {}): Promise<RotationProgress> {
    const batchSize = options.batchSize ?? 500;
    const active = this.codec.activeKeyId;
    let rotated = 0;
    for (;;) {
      const count = await this.tx.run(async () => {
        const batch = await this.customers.lockBatchNotUnderKey(active, batchSize);
        for (const row of batch) {
          const { cpfIndex: _unchanged, ...encrypted } = this.codec.encrypt(row.id, this.codec.decrypt(row.id, row.encrypted));
          await this.customers.replaceEncrypted(row.id, encrypted);
        }
        return batch.length;
      });
      rotated += count;
      if (count > 0) options.onBatch?.({ rotated, remaining: await this.remaining() });
      if (count === 0) {
        if (rotated > 0) await this.audit.record({ action: 'keys.rotate', entityType: 'encryption-key', entityId: active, changes: { rows: { to: rotated } } });
        return { rotated, remaining: await this.remaining() };
      }
    }
  }

  /**
   * Builds the name index of rows that lack one under their own key (written before the index
   * existed, or by an API process of an earlier version), a batch per transaction, without
   * re-encrypting anything. Same locking as rotate(); `stopped` ends it between batches.
   */
  async rebuildNameIndex(options: { batchSize?: number; stopped?: () => boolean } = {}): Promise<number> {
    const batchSize = options.batchSize ?? 500;
    let built = 0;
    while (!options.stopped?.()) {
      const count = await this.tx.run(async () => {
        const batch = await this.customers.lockBatchWithoutNameIndex(batchSize);
        for (const row of batch) await this.customers.setNameIndex(row.id, this.codec.nameTokens(this.codec.decryptName(row.id, row.nameEnc), row.encKeyId), row.encKeyId);
        return batch.length;
      });
      built += count;
      if (count < batchSize) break;
    }
    if (built > 0) await this.audit.record({ action: 'customers.name-index.build', entityType: 'customer', entityId: '*', changes: { rows: { to: built } } });
    return built;
  }

  /** Rows whose name index is missing or under another key than the row's. */
  withoutNameIndex(): Promise<number> {
    return this.customers.countWithoutNameIndex();
  }

  async remaining(): Promise<number> {
    return (await this.customers.keyUsage()).filter((usage) => usage.keyId !== this.codec.activeKeyId).reduce((sum, usage) => sum + usage.rows, 0);
  }
}

/**
 * Start-up check of the API: data written under a key this process does not have must stop the
 * start. CLI commands (no HTTP server) skip it: keys:rotate is how an operator fixes the warning.
 */
@Injectable()
export class EncryptionKeysCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('EncryptionKeys');

  constructor(
    private readonly customers: CustomersRepository,
    private readonly codec: TierACodec,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.adapterHost.httpAdapter) await this.verify();
  }

  async verify(): Promise<void> {
    const usage = await this.customers.keyUsage();
    const missing = usage.filter((entry) => !this.codec.configuredKeyIds.includes(entry.keyId));
    if (missing.length) {
      const list = missing.map((entry) => `${entry.keyId} (${entry.rows} customer${entry.rows === 1 ? '' : 's'})`).join(', ');
      throw new ConfigurationError(`FIELD_ENCRYPTION_KEYS lacks key id${missing.length > 1 ? 's' : ''} in use: ${list}; restore the key or the data cannot be read`);
    }
    const old = usage.filter((entry) => entry.keyId !== this.codec.activeKeyId);
    if (old.length) this.logger.warn(`${old.reduce((sum, entry) => sum + entry.rows, 0)} customer(s) still encrypted under older keys; run npm run cli -- keys:rotate`);
  }
}

/**
 * At the API's start, builds in the background the name index rows still lack (those written before
 * it existed: a migration cannot, it has no keys), so that name searches find every customer without
 * an operator's step. Several replicas share the work (SKIP LOCKED); shutting down waits for the
 * batch in progress. `keys:rotate` does the same from the CLI.
 */
@Injectable()
export class NameIndexBackfill implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NameIndex');
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly rotation: KeyRotationService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.adapterHost.httpAdapter) return;
    this.running = this.rotation.rebuildNameIndex({ stopped: () => this.stopping }).then(
      (built) => {
        if (built > 0) this.logger.log(`built the name index of ${built} customer(s)`);
      },
      (error: unknown) => this.logger.warn(`could not build the name index (${(error as Error).message}); the next start or keys:rotate will`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}
