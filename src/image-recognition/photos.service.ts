import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import type { Counter, Histogram } from 'prom-client';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../platform/auth/principal';
import { Clock } from '../platform/clock';
import { AppConfig } from '../platform/config/app-config';
import { FieldCipher, fieldAad } from '../platform/crypto/field-cipher';
import { TransactionHost } from '../platform/database/transaction-host';
import { MetricsService } from '../platform/observability/metrics.service';
import { QueueService } from '../platform/queue/queue.service';
import { RequestValidationError } from '../platform/http/validation';
import { Semaphore, SemaphoreBusyError } from '../platform/semaphore';
import { TELEMETRY_QUEUES } from '../telemetry/telemetry.constants';
import { futureTimestampProblem, TakenAtWindow } from '../telemetry/telemetry-fields';
import { TelemetryService } from '../telemetry/telemetry.service';
import { InvalidPhotoError, PhotoConflictError, PhotoDecoderBusyError, PhotoNotFoundError, PhotoTooLargeError } from './errors';
import { inspectPhoto, MAX_PHOTO_BYTES, PhotoRejectedError } from './image-inspection';
import { PhotoRecord, PhotosRepository } from './photos.repository';
import { RecognitionRejectedError } from './providers/rekognition.provider';
import { RecognitionOutcome, RecognitionProvider, RecognitionUnavailableError } from './recognition-provider';

export interface PhotoUpload {
  deviceId: string;
  takenAt: Date;
  bytes: Buffer;
  /** The request field that carried the bytes (`photo` or `content`), named in a 400. */
  field: string;
}

export interface PhotoJob {
  photoId: string;
  deviceId: string;
  takenAt: string;
}

/** How long an attempt holds a photo: twice the timeout and a margin, then the background retry may take over. */
const leaseMs = (timeoutMs: number) => 2 * timeoutMs + 2000;

class RecognitionTimeoutError extends RecognitionUnavailableError {}

/** Uploads allowed to wait per decode slot; one more is refused at once rather than held in memory. */
const WAITING_PER_DECODE_SLOT = 8;

/**
 * Photos: stored (encrypted) first, then recognized. Identical content analysed before is answered
 * from that analysis (the cache). When the provider cannot answer, the photo stays PENDING and the
 * job queued with it in the same transaction recognizes it later: no photo is left unanalysed.
 */
@Injectable()
export class PhotosService {
  private readonly logger = new Logger('PhotoRecognition');
  private readonly analyses: Counter<'provider' | 'outcome'>;
  private readonly cacheHits: Counter;
  private readonly latency: Histogram<'provider'>;
  /** Decodes are bounded: a large photo's decode holds hundreds of MB until it ends. */
  private readonly decodes: Semaphore;
  private readonly decodeRefusals: Counter;

  constructor(
    private readonly photos: PhotosRepository,
    private readonly provider: RecognitionProvider,
    private readonly telemetry: TelemetryService,
    private readonly queue: QueueService,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly cls: ClsService,
    metrics: MetricsService,
  ) {
    this.analyses = metrics.counter({
      name: 'photo_recognitions_total',
      help: 'Photo analyses by provider and outcome (recognized, not_recognized, no_face, rejected, unavailable, cached)',
      labelNames: ['provider', 'outcome'],
    });
    this.cacheHits = metrics.counter({ name: 'photo_recognition_cache_hits_total', help: 'Photos answered from the analysis of identical content, without calling the provider' });
    this.latency = metrics.histogram({
      name: 'photo_recognition_duration_seconds',
      help: 'Duration of calls to the recognition provider',
      labelNames: ['provider'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    const { decodeConcurrency } = config.photos;
    const decodes = (this.decodes = new Semaphore(decodeConcurrency, decodeConcurrency * WAITING_PER_DECODE_SLOT));
    metrics.gauge({ name: 'photo_decodes_in_flight', help: 'Photos being decoded now (at most PHOTO_DECODE_CONCURRENCY)', collect() { this.set(decodes.inFlight); } });
    metrics.gauge({ name: 'photo_decodes_in_flight_max', help: 'Most photos decoded at once since the process started', collect() { this.set(decodes.maxInFlight); } });
    metrics.gauge({ name: 'photo_decodes_waiting', help: 'Uploads waiting for a decode slot', collect() { this.set(decodes.waiting); } });
    this.decodeRefusals = metrics.counter({ name: 'photo_decode_refusals_total', help: 'Uploads answered 503 PHOTO_DECODER_BUSY: no decode slot within PHOTO_DECODE_WAIT_MS, or too many waiting' });
  }

  get providerName(): string {
    return this.provider.name;
  }

  /**
   * Stores and recognizes a photo; a timestamp too far ahead of the server clock is refused first,
   * naming `timestamp`. `replayed` when this device already sent these bytes for this instant.
   */
  async upload(upload: PhotoUpload, sender: Principal): Promise<{ photo: PhotoRecord; replayed: boolean }> {
    const ahead = futureTimestampProblem(upload.takenAt, this.clock.now(), this.config.telemetry.maxFutureSeconds);
    if (ahead) throw new RequestValidationError([ahead]);
    if (upload.bytes.length > MAX_PHOTO_BYTES) throw new PhotoTooLargeError(MAX_PHOTO_BYTES);
    // Before the image is decoded or anything stored: only the device's owner sends its photos.
    await this.telemetry.assertSender(upload.deviceId, sender, upload.takenAt);
    const inspected = await this.decodes.run(() => inspectPhoto(upload.bytes), this.config.photos.decodeWaitMs).catch((error: unknown) => {
      if (error instanceof PhotoRejectedError) throw new InvalidPhotoError(upload.field, error.reason);
      if (error instanceof SemaphoreBusyError) {
        this.decodeRefusals.inc();
        throw new PhotoDecoderBusyError();
      }
      throw error;
    });
    const existing = await this.photos.findByDeviceAndTime(upload.deviceId, upload.takenAt);
    if (existing) {
      if (existing.sha256 !== inspected.sha256) throw new PhotoConflictError(upload.deviceId, upload.takenAt);
      return { photo: existing, replayed: true };
    }

    const cached = await this.photos.findAnalysedBySha(inspected.sha256);
    const id = randomUUID();
    const now = this.clock.now();
    const outcome = cached && cachedOutcome(cached);
    const leaseUntil = new Date(now.getTime() + leaseMs(this.config.recognition.timeoutMs));
    await this.tx.run(async () => {
      await this.telemetry.touchDevice(upload.deviceId, upload.takenAt, now);
      await this.photos.insert(
        {
          id,
          deviceId: upload.deviceId,
          takenAt: upload.takenAt,
          receivedAt: now,
          sentBy: sender.email,
          requestId: (this.cls.isActive() && this.cls.getId()) || null,
          ...inspected,
          sizeBytes: upload.bytes.length,
          status: cached ? cached.status : 'PENDING',
          recognized: outcome?.recognized ?? null,
          similarity: outcome?.similarity ?? null,
          matchedPhotoId: outcome?.matchedPhotoId ?? null,
          provider: cached?.provider ?? null,
          reason: outcome?.reason ?? null,
          cacheHit: Boolean(cached),
          analysedAt: cached ? now : null,
          leaseUntil: cached ? null : leaseUntil,
        },
        this.cipher.encryptBytes(upload.bytes, fieldAad('photo_contents', id, 'content')),
      );
      // The safety net: runs once the lease ends, and finds the photo analysed unless this request failed.
      if (!cached) await this.queue.send<PhotoJob>(TELEMETRY_QUEUES.photo.queue, { photoId: id, deviceId: upload.deviceId, takenAt: upload.takenAt.toISOString() }, { startAfter: leaseUntil });
      await this.audit.record({ action: 'photo.create', entityType: 'photo', entityId: id, changes: { deviceId: { to: upload.deviceId }, takenAt: { to: upload.takenAt.toISOString() }, sha256: { to: inspected.sha256 } } });
    });

    if (cached) {
      this.cacheHits.inc();
      this.analyses.inc({ provider: cached.provider ?? 'unknown', outcome: 'cached' });
      const photo = (await this.photos.findById(id))!;
      this.logAnalysis(photo, { provider: cached.provider ?? 'unknown', latencyMs: 0, outcome: outcomeLabel(photo), cacheHit: true });
      return { photo, replayed: false };
    }
    return { photo: await this.analyse(id, upload.bytes, inspected.perceptualHash, 'request'), replayed: false };
  }

  /** A background attempt (the photo queue's job). Throws when the provider is still unavailable, so the queue retries. */
  async retry(photoId: string): Promise<void> {
    const photo = await this.photos.findById(photoId);
    if (!photo || photo.status !== 'PENDING') return;
    const leased = await this.photos.lease(photoId, new Date(this.clock.now().getTime() + leaseMs(this.config.recognition.timeoutMs)));
    if (!leased) throw new Error(`photo ${photoId} is being analysed by another attempt`);
    const content = await this.photos.content(photoId);
    const bytes = this.cipher.decryptBytes(content!, fieldAad('photo_contents', photoId, 'content'));
    const analysed = await this.analyse(photoId, bytes, photo.perceptualHash, 'retry');
    if (analysed.status === 'PENDING') throw new Error(analysed.lastError ?? 'recognition unavailable');
  }

  async get(id: string): Promise<PhotoRecord> {
    const photo = await this.photos.findById(id);
    if (!photo) throw new PhotoNotFoundError(id);
    return photo;
  }

  /** The image bytes (decrypted); each read is audited, as photos may show people. */
  async content(id: string): Promise<{ photo: PhotoRecord; bytes: Buffer }> {
    const photo = await this.get(id);
    const sealed = await this.photos.content(id);
    if (!sealed) throw new PhotoNotFoundError(id);
    await this.audit.record({ action: 'photo.read-content', entityType: 'photo', entityId: id });
    return { photo, bytes: this.cipher.decryptBytes(sealed, fieldAad('photo_contents', id, 'content')) };
  }

  async listByDevice(deviceId: string, window: TakenAtWindow): Promise<PhotoRecord[]> {
    return this.telemetry.rowsOfDevice(deviceId, await this.photos.listByDevice(deviceId, window));
  }

  private async analyse(id: string, bytes: Buffer, perceptualHash: bigint, attempt: 'request' | 'retry'): Promise<PhotoRecord> {
    const provider = this.provider.name;
    const started = performance.now();
    try {
      const outcome = await this.withTimeout(this.provider.recognize({ id, bytes, perceptualHash }));
      const latencyMs = performance.now() - started;
      this.latency.observe({ provider }, latencyMs / 1000);
      const photo = await this.photos.complete(id, outcome, provider, this.clock.now());
      this.analyses.inc({ provider, outcome: outcomeLabel(photo) });
      this.logAnalysis(photo, { provider, latencyMs, outcome: outcomeLabel(photo), cacheHit: false, attempt });
      return photo;
    } catch (error) {
      const latencyMs = performance.now() - started;
      if (error instanceof RecognitionRejectedError) {
        const photo = await this.photos.reject(id, error.awsError, provider, this.clock.now());
        this.analyses.inc({ provider, outcome: 'rejected' });
        this.logAnalysis(photo, { provider, latencyMs, outcome: 'rejected', cacheHit: false, attempt, error: error.message });
        return photo;
      }
      if (!(error instanceof RecognitionUnavailableError)) throw error;
      // The request keeps its lease: the queued job takes over when it ends. A retry gives it back.
      const photo = await this.photos.recordFailure(id, error.message, attempt === 'request');
      this.analyses.inc({ provider, outcome: 'unavailable' });
      this.logAnalysis(photo, { provider, latencyMs, outcome: 'unavailable', cacheHit: false, attempt, error: error.message });
      return photo;
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    const ms = this.config.recognition.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RecognitionTimeoutError(`no answer from the provider within ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  /** One line per analysis, with what an operator needs to follow the provider's behaviour. */
  private logAnalysis(photo: PhotoRecord, details: { provider: string; latencyMs: number; outcome: string; cacheHit: boolean; attempt?: string; error?: string }): void {
    const similarity = photo.similarity === null ? 'none' : `${photo.similarity}%`;
    const message = `photo ${photo.id} from ${photo.deviceId}: ${details.outcome} by ${details.provider} in ${Math.round(details.latencyMs)} ms, best similarity ${similarity}, cache ${details.cacheHit ? 'hit' : 'miss'}${details.error ? ` (${details.error})` : ''}`;
    const fields = {
      photoId: photo.id,
      deviceId: photo.deviceId,
      provider: details.provider,
      latencyMs: Math.round(details.latencyMs),
      outcome: details.outcome,
      similarity: photo.similarity,
      matchedPhotoId: photo.matchedPhotoId,
      cacheHit: details.cacheHit,
      attempt: details.attempt ?? 'request',
    };
    if (details.outcome === 'unavailable') this.logger.warn({ msg: message, ...fields });
    else this.logger.log({ msg: message, ...fields });
  }
}

/**
 * The answer for content identical to an analysed photo, without asking the provider: the same
 * picture matches that earlier photo fully, unless there was nothing to recognize in it.
 */
function cachedOutcome(earlier: PhotoRecord): Omit<RecognitionOutcome, 'reason'> & { reason: string } {
  if (earlier.status === 'REJECTED' || earlier.reason === 'NO_FACE') return { recognized: false, similarity: null, matchedPhotoId: null, reason: earlier.reason ?? 'NO_FACE' };
  return { recognized: true, similarity: 100, matchedPhotoId: earlier.id, reason: 'MATCH' };
}

function outcomeLabel(photo: PhotoRecord): string {
  if (photo.status === 'PENDING') return 'unavailable';
  if (photo.status === 'REJECTED') return 'rejected';
  if (photo.reason === 'NO_FACE') return 'no_face';
  return photo.recognized ? 'recognized' : 'not_recognized';
}
