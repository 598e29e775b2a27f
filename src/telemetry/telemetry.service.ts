import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { Counter } from 'prom-client';
import { Principal } from '../platform/auth/principal';
import { Clock } from '../platform/clock';
import { AppConfig } from '../platform/config/app-config';
import { FieldCipher, fieldAad } from '../platform/crypto/field-cipher';
import { MetricsService } from '../platform/observability/metrics.service';
import { QueueService } from '../platform/queue/queue.service';
import { DeviceRow, GpsMessage, GpsRow, GyroscopeMessage, GyroscopeRow, ReadingsRepository, ReadingWindow } from './readings.repository';
import { RequestValidationError } from '../platform/http/validation';
import { futureTimestampProblem, ReadingKind, readingId, uuidFromHash } from './telemetry-fields';
import { TELEMETRY_QUEUES } from './telemetry.constants';
import { DeviceNotFoundError } from './errors';
import { DeviceOwnershipService } from './device-ownership.service';
import { SortKey } from '../platform/http/sorting';
import type { DeviceSortField } from './readings.repository';

export type GyroscopeInput = { kind: 'gyroscope'; deviceId: string; takenAt: Date; x: number; y: number; z: number };
export type GpsInput = { kind: 'gps'; deviceId: string; takenAt: Date; latitude: number; longitude: number };
export type ReadingInput = GyroscopeInput | GpsInput;

export interface AcceptedReading {
  id: string;
  kind: ReadingKind;
  deviceId: string;
  takenAt: Date;
}

export interface GpsReading extends Omit<GpsRow, 'locationEnc'> {
  latitude: number;
  longitude: number;
}

/**
 * A single reading is one job, whose id is the reading's (a duplicate sent while it is queued is
 * queued once). The readings of a batch call travel as one job per kind: the queue's own work per
 * job is most of the cost of storing a reading, and a batch of 100 costs it twice instead of 100
 * times. A group whose storing fails is split into single-reading jobs by the consumer.
 */
function toJobs(messages: Array<{ kind: ReadingKind; message: GyroscopeMessage | GpsMessage }>): Array<{ id: string; name: string; data: object }> {
  if (messages.length === 1) return [{ id: messages[0].message.id, name: TELEMETRY_QUEUES[messages[0].kind].queue, data: messages[0].message }];
  return (['gyroscope', 'gps'] as const).flatMap((kind) => {
    const readings = messages.filter((entry) => entry.kind === kind).map((entry) => entry.message);
    if (!readings.length) return [];
    return [{ id: uuidFromHash(`${kind}|group|${readings.map((reading) => reading.id).join(',')}`), name: TELEMETRY_QUEUES[kind].queue, data: { readings } }];
  });
}

/**
 * Ingestion and reads of device readings. Accepting a reading is one durable INSERT into its
 * kind's queue (the job id is the reading id, so a reading sent twice while queued is queued once);
 * the consumers store them (ReadingsConsumer).
 */
@Injectable()
export class TelemetryService {
  private readonly accepted: Counter<'kind'>;

  constructor(
    private readonly readings: ReadingsRepository,
    private readonly queue: QueueService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly cls: ClsService,
    private readonly ownership: DeviceOwnershipService,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.accepted = metrics.counter({ name: 'telemetry_readings_accepted_total', help: 'Readings accepted (queued) by kind', labelNames: ['kind'] });
  }

  /** Queues one reading; a timestamp too far ahead of the server clock is refused, naming `timestamp`. */
  async acceptOne(input: ReadingInput, sender: Principal): Promise<AcceptedReading> {
    const [accepted] = await this.accept([input], sender, () => 'timestamp');
    return accepted;
  }

  /** Queues a device's buffered readings, all or none; each timestamp too far ahead is named `readings[i].timestamp`. */
  acceptBatch(inputs: ReadingInput[], sender: Principal): Promise<AcceptedReading[]> {
    return this.accept(inputs, sender, (index) => `readings[${index}].timestamp`);
  }

  /**
   * Queues readings, all or none: refused before anything is queued when a timestamp is too far
   * ahead of the server clock (RequestValidationError naming each), or when any of their devices is
   * enrolled to another user (DeviceNotOwnedError).
   */
  private async accept(inputs: ReadingInput[], sender: Principal, timestampField: (index: number) => string): Promise<AcceptedReading[]> {
    const now = this.clock.now();
    const problems = inputs.flatMap((input, index) => futureTimestampProblem(input.takenAt, now, this.config.telemetry.maxFutureSeconds, timestampField(index)) ?? []);
    if (problems.length) throw new RequestValidationError(problems);
    if (!inputs.length) return [];
    const newest = new Date(Math.max(...inputs.map((input) => input.takenAt.getTime())));
    await this.ownership.assertSender(inputs.map((input) => input.deviceId), sender, newest);
    const receivedAt = this.clock.now().toISOString();
    const requestId = (this.cls.isActive() && this.cls.getId()) || null;
    const messages = inputs.map((input) => {
      const id = readingId(input.kind, input.deviceId, input.takenAt);
      const common = { id, deviceId: input.deviceId, takenAt: input.takenAt.toISOString(), receivedAt, sentBy: sender.email, requestId };
      const message: GyroscopeMessage | GpsMessage =
        input.kind === 'gyroscope'
          ? { ...common, x: input.x, y: input.y, z: input.z }
          : { ...common, locationEnc: this.cipher.encrypt(`${input.latitude},${input.longitude}`, fieldAad('gps_readings', id, 'location')) };
      return { kind: input.kind, message };
    });
    await this.queue.insert(toJobs(messages));
    for (const input of inputs) this.accepted.inc({ kind: input.kind });
    return messages.map(({ kind, message }) => ({ id: message.id, kind, deviceId: message.deviceId, takenAt: new Date(message.takenAt) }));
  }

  async device(id: string): Promise<DeviceRow & { counts: { gyroscope: number; gps: number; photos: number } }> {
    const device = await this.readings.findDevice(id);
    if (!device) throw new DeviceNotFoundError(id);
    return { ...device, counts: await this.readings.countsOf(id) };
  }

  /**
   * A device's list, or DeviceNotFoundError for a device that never sent anything. Only an empty
   * list costs the second query: rows prove the device exists.
   */
  async rowsOfDevice<T>(id: string, rows: T[]): Promise<T[]> {
    if (!rows.length && !(await this.readings.findDevice(id))) throw new DeviceNotFoundError(id);
    return rows;
  }

  listDevices(skip: number, take: number, sort?: SortKey<DeviceSortField>[]) {
    return this.readings.listDevices(skip, take, sort);
  }

  async gyroscope(deviceId: string, window: ReadingWindow): Promise<GyroscopeRow[]> {
    return this.rowsOfDevice(deviceId, await this.readings.listGyroscope(deviceId, window));
  }

  async gps(deviceId: string, window: ReadingWindow): Promise<GpsReading[]> {
    const rows = await this.rowsOfDevice(deviceId, await this.readings.listGps(deviceId, window));
    return rows.map(({ locationEnc, ...row }) => {
      const [latitude, longitude] = this.cipher.decrypt(locationEnc, fieldAad('gps_readings', row.id, 'location')).split(',').map(Number);
      return { ...row, latitude, longitude };
    });
  }

  /** Refuses (DeviceNotOwnedError) a photo for a device enrolled to another user; enrolls an unowned one to the sender. */
  assertSender(deviceId: string, sender: Principal, takenAt: Date): Promise<void> {
    return this.ownership.assertSender([deviceId], sender, takenAt);
  }

  /** Devices seen (used by photo uploads, which are stored at once rather than queued). */
  touchDevice(deviceId: string, takenAt: Date, receivedAt: Date): Promise<void> {
    return this.readings.touchDevices([{ deviceId, takenAt: takenAt.toISOString(), receivedAt: receivedAt.toISOString() }]);
  }
}
