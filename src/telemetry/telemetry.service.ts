import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Counter } from 'prom-client';
import { Principal } from '../platform/auth/principal';
import { Clock } from '../platform/clock';
import { FieldCipher } from '../platform/crypto/field-cipher';
import { MetricsService } from '../platform/observability/metrics.service';
import { QueueService } from '../platform/queue/queue.service';
import { DeviceRow, GpsMessage, GpsRow, GyroscopeMessage, GyroscopeRow, ReadingsRepository, ReadingWindow } from './readings.repository';
import { ReadingKind, readingId } from './telemetry-fields';
import { TELEMETRY_QUEUES } from './telemetry.constants';
import { DeviceNotFoundError } from './errors';

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

/** Associated data binding an encrypted location to its reading. */
export const locationAad = (readingId: string) => `gps_readings:${readingId}:location`;

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
    metrics: MetricsService,
  ) {
    this.accepted = new Counter({ name: 'telemetry_readings_accepted_total', help: 'Readings accepted (queued) by kind', labelNames: ['kind'], registers: [metrics.registry] });
  }

  async accept(inputs: ReadingInput[], sender: Principal): Promise<AcceptedReading[]> {
    const receivedAt = this.clock.now().toISOString();
    const requestId = (this.cls.isActive() && this.cls.getId()) || null;
    const jobs = inputs.map((input) => {
      const id = readingId(input.kind, input.deviceId, input.takenAt);
      const common = { id, deviceId: input.deviceId, takenAt: input.takenAt.toISOString(), receivedAt, sentBy: sender.email, requestId };
      const data: GyroscopeMessage | GpsMessage =
        input.kind === 'gyroscope'
          ? { ...common, x: input.x, y: input.y, z: input.z }
          : { ...common, locationEnc: this.cipher.encrypt(`${input.latitude},${input.longitude}`, locationAad(id)) };
      return { id, name: TELEMETRY_QUEUES[input.kind].queue, data };
    });
    await this.queue.insert(jobs);
    for (const input of inputs) this.accepted.inc({ kind: input.kind });
    return inputs.map((input, index) => ({ id: jobs[index].id, kind: input.kind, deviceId: input.deviceId, takenAt: input.takenAt }));
  }

  async device(id: string): Promise<DeviceRow & { counts: { gyroscope: number; gps: number; photos: number } }> {
    const device = await this.readings.findDevice(id);
    if (!device) throw new DeviceNotFoundError(id);
    return { ...device, counts: await this.readings.countsOf(id) };
  }

  /** Throws DeviceNotFoundError for a device that never sent anything. */
  async requireDevice(id: string): Promise<void> {
    if (!(await this.readings.findDevice(id))) throw new DeviceNotFoundError(id);
  }

  listDevices(skip: number, take: number) {
    return this.readings.listDevices(skip, take);
  }

  async gyroscope(deviceId: string, window: ReadingWindow): Promise<GyroscopeRow[]> {
    await this.requireDevice(deviceId);
    return this.readings.listGyroscope(deviceId, window);
  }

  async gps(deviceId: string, window: ReadingWindow): Promise<GpsReading[]> {
    await this.requireDevice(deviceId);
    const rows = await this.readings.listGps(deviceId, window);
    return rows.map(({ locationEnc, ...row }) => {
      const [latitude, longitude] = this.cipher.decrypt(locationEnc, locationAad(row.id)).split(',').map(Number);
      return { ...row, latitude, longitude };
    });
  }

  /** Devices seen (used by photo uploads, which are stored at once rather than queued). */
  touchDevice(deviceId: string, takenAt: Date, receivedAt: Date): Promise<void> {
    return this.readings.touchDevices([{ deviceId, takenAt: takenAt.toISOString(), receivedAt: receivedAt.toISOString() }]);
  }
}
