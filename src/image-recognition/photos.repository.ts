import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/clock';
import { TransactionHost } from '../platform/database/transaction-host';
import { takenAtOrder, takenAtWhere, TakenAtWindow } from '../telemetry/telemetry-fields';
import { PhotoHashIndex, RecognitionOutcome } from './recognition-provider';

export type PhotoStatus = 'PENDING' | 'ANALYSED' | 'REJECTED';

export interface PhotoRecord {
  id: string;
  deviceId: string;
  takenAt: Date;
  receivedAt: Date;
  sentBy: string;
  contentType: string;
  sizeBytes: number;
  width: number;
  height: number;
  sha256: string;
  perceptualHash: bigint;
  status: PhotoStatus;
  recognized: boolean | null;
  similarity: number | null;
  matchedPhotoId: string | null;
  provider: string | null;
  reason: string | null;
  cacheHit: boolean;
  attempts: number;
  lastError: string | null;
  analysedAt: Date | null;
}

export type NewPhoto = Omit<PhotoRecord, 'attempts' | 'lastError'> & { requestId: string | null; leaseUntil: Date | null };

const SELECT = {
  id: true,
  deviceId: true,
  takenAt: true,
  receivedAt: true,
  sentBy: true,
  contentType: true,
  sizeBytes: true,
  width: true,
  height: true,
  sha256: true,
  perceptualHash: true,
  status: true,
  recognized: true,
  similarity: true,
  matchedPhotoId: true,
  provider: true,
  reason: true,
  cacheHit: true,
  attempts: true,
  lastError: true,
  analysedAt: true,
} as const;

const asRecord = <T extends { status: string }>(row: T) => ({ ...row, status: row.status as PhotoStatus });

/** Photos, their encrypted content, and the hash index the local provider searches. */
@Injectable()
export class PhotosRepository extends PhotoHashIndex {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {
    super();
  }

  async insert(photo: NewPhoto, contentEnc: Buffer): Promise<void> {
    await this.tx.db.photo.create({ data: { ...photo, content: { create: { contentEnc: new Uint8Array(contentEnc) } } } });
  }

  async findById(id: string): Promise<PhotoRecord | null> {
    const row = await this.tx.db.photo.findUnique({ where: { id }, select: SELECT });
    return row && asRecord(row);
  }

  async findByDeviceAndTime(deviceId: string, takenAt: Date): Promise<PhotoRecord | null> {
    const row = await this.tx.db.photo.findUnique({ where: { deviceId_takenAt: { deviceId, takenAt } }, select: SELECT });
    return row && asRecord(row);
  }

  /** The first analysis of identical content (the recognition cache). */
  async findAnalysedBySha(sha256: string): Promise<PhotoRecord | null> {
    const row = await this.tx.db.photo.findFirst({ where: { sha256, status: { not: 'PENDING' }, cacheHit: false }, orderBy: { analysedAt: 'asc' }, select: SELECT });
    return row && asRecord(row);
  }

  async content(id: string): Promise<Buffer | null> {
    const row = await this.tx.db.photoContent.findUnique({ where: { photoId: id } });
    return row && Buffer.from(row.contentEnc);
  }

  async listByDevice(deviceId: string, window: TakenAtWindow): Promise<PhotoRecord[]> {
    const rows = await this.tx.db.photo.findMany({
      where: { deviceId, ...takenAtWhere(window) },
      orderBy: takenAtOrder(window),
      take: window.limit,
      select: SELECT,
    });
    return rows.map(asRecord);
  }

  /**
   * Takes the analysis of a PENDING photo until `until`, unless someone else holds it: the request
   * that stored the photo, then at most one retry job at a time. Counts the attempt.
   */
  async lease(id: string, until: Date): Promise<boolean> {
    const taken = await this.tx.db.photo.updateMany({
      where: { id, status: 'PENDING', OR: [{ leaseUntil: null }, { leaseUntil: { lt: this.clock.now() } }] },
      data: { leaseUntil: until, attempts: { increment: 1 } },
    });
    return taken.count === 1;
  }

  async complete(id: string, outcome: RecognitionOutcome, provider: string, analysedAt: Date): Promise<PhotoRecord> {
    const row = await this.tx.db.photo.update({
      where: { id },
      data: { status: 'ANALYSED', ...outcome, provider, analysedAt, leaseUntil: null, lastError: null },
      select: SELECT,
    });
    return asRecord(row);
  }

  async reject(id: string, reason: string, provider: string, analysedAt: Date): Promise<PhotoRecord> {
    const row = await this.tx.db.photo.update({
      where: { id },
      data: { status: 'REJECTED', recognized: false, similarity: null, matchedPhotoId: null, reason: reason.slice(0, 60), provider, analysedAt, leaseUntil: null },
      select: SELECT,
    });
    return asRecord(row);
  }

  /** Records why an attempt failed; the lease is kept when `keepLease` (the retry job takes over when it ends). */
  async recordFailure(id: string, error: string, keepLease: boolean): Promise<PhotoRecord> {
    const row = await this.tx.db.photo.update({ where: { id }, data: { lastError: error.slice(0, 1000), ...(keepLease ? {} : { leaseUntil: null }) }, select: SELECT });
    return asRecord(row);
  }

  /** Nearest earlier photo by perceptual hash: a sequential scan with a bit count per row (see docs/telemetry.md for its scale). */
  async nearest(perceptualHash: bigint, excludePhotoId: string): Promise<{ photoId: string; distance: number } | null> {
    const rows = await this.tx.db.$queryRawUnsafe<{ id: string; distance: number }[]>(
      `SELECT id::text AS id, bit_count((perceptual_hash # $1::bigint)::bit(64))::int AS distance
         FROM photos
        WHERE id <> $2::uuid
          AND received_at <= COALESCE((SELECT received_at FROM photos WHERE id = $2::uuid), now())
        ORDER BY distance, received_at
        LIMIT 1`,
      perceptualHash,
      excludePhotoId,
    );
    return rows.length ? { photoId: rows[0].id, distance: rows[0].distance } : null;
  }
}
