import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { TransactionHost } from '../platform/database/transaction-host';
import { QueueService } from '../platform/queue/queue.service';
import { TELEMETRY_QUEUES, TelemetryQueueKind } from './telemetry.constants';

export interface TelemetryDeadLetter {
  kind: TelemetryQueueKind;
  jobId: string;
  /** The reading or photo the job was about. */
  subjectId: string | null;
  deviceId: string | null;
  takenAt: string | null;
  failedAt: Date;
  error: string | null;
}

export const TELEMETRY_KINDS = Object.keys(TELEMETRY_QUEUES) as TelemetryQueueKind[];

/** What an operator sees of, and does with, jobs that ran out of retries. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  async list(kinds: TelemetryQueueKind[], limit: number): Promise<TelemetryDeadLetter[]> {
    const lists = await Promise.all(
      kinds.map(async (kind) =>
        (await this.queue.deadLetters<Record<string, unknown>>(TELEMETRY_QUEUES[kind].deadLetter, limit)).map((letter) => ({
          kind,
          jobId: letter.id,
          subjectId: typeof letter.data?.id === 'string' ? letter.data.id : typeof letter.data?.photoId === 'string' ? letter.data.photoId : null,
          deviceId: typeof letter.data?.deviceId === 'string' ? letter.data.deviceId : null,
          takenAt: typeof letter.data?.takenAt === 'string' ? letter.data.takenAt : null,
          failedAt: letter.createdOn,
          error: letter.error,
        })),
      ),
    );
    return lists.flat().sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime()).slice(0, limit);
  }

  /** Sends dead letters back to their queue (each once, audited); answers how many went back. */
  async replay(kind: TelemetryQueueKind, jobIds: string[]): Promise<number> {
    const { queue, deadLetter } = TELEMETRY_QUEUES[kind];
    let replayed = 0;
    for (const jobId of jobIds) {
      await this.tx.run(async () => {
        const newJobId = await this.queue.replay(deadLetter, jobId, queue);
        if (newJobId === null) return;
        replayed += 1;
        await this.audit.record({ action: 'telemetry.dead-letter.replay', entityType: 'queue-job', entityId: jobId, changes: { queue: { to: queue }, job: { to: newJobId } } });
      });
    }
    return replayed;
  }
}
