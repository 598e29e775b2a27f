import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
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
 * Re-encrypts tier A under the active key, a batch per transaction. Rows are locked with SKIP
 * LOCKED, so the API keeps serving (and writing) while it runs; stopping it at any point loses
 * nothing: the next run continues with the rows still under an old key.
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
