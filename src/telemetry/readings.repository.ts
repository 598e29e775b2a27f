import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';
import { takenAtOrder, takenAtWhere, TakenAtWindow } from './telemetry-fields';
import { orderByOf, SortKey } from '../platform/http/sorting';

export const DEVICE_SORT_FIELDS = ['lastSeenAt', 'firstSeenAt', 'id'] as const;
export type DeviceSortField = (typeof DEVICE_SORT_FIELDS)[number];

/** A gyroscope reading as queued and stored. Dates travel as ISO strings through the queue. */
export interface GyroscopeMessage {
  id: string;
  deviceId: string;
  x: number;
  y: number;
  z: number;
  takenAt: string;
  receivedAt: string;
  sentBy: string;
  requestId: string | null;
}

/** A GPS reading as queued and stored: the coordinates are already encrypted ("lat,lon"). */
export interface GpsMessage {
  id: string;
  deviceId: string;
  locationEnc: string;
  takenAt: string;
  receivedAt: string;
  sentBy: string;
  requestId: string | null;
}

export interface DeviceSighting {
  deviceId: string;
  takenAt: string;
  receivedAt: string;
}

export type ReadingWindow = TakenAtWindow;

export interface GyroscopeRow {
  id: string;
  deviceId: string;
  x: number;
  y: number;
  z: number;
  takenAt: Date;
  receivedAt: Date;
  storedAt: Date;
}

export interface GpsRow {
  id: string;
  deviceId: string;
  locationEnc: string;
  takenAt: Date;
  receivedAt: Date;
  storedAt: Date;
}

export interface DeviceRow {
  id: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastReadingAt: Date;
  ownerUserId: bigint | null;
}

@Injectable()
export class ReadingsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Records that devices were seen: creates them on first contact and moves their last-seen times
   * forward (never back: batches arrive out of order). Rows are locked in id order, so concurrent
   * consumers cannot deadlock on them.
   */
  async touchDevices(sightings: DeviceSighting[]): Promise<void> {
    if (!sightings.length) return;
    await this.tx.db.$executeRawUnsafe(
      `INSERT INTO devices (id, first_seen_at, last_seen_at, last_reading_at)
       SELECT "deviceId", min("receivedAt"), max("receivedAt"), max("takenAt")
         FROM jsonb_to_recordset($1::jsonb) AS r("deviceId" text, "takenAt" timestamptz, "receivedAt" timestamptz)
        GROUP BY "deviceId" ORDER BY "deviceId"
       ON CONFLICT (id) DO UPDATE SET
         first_seen_at = LEAST(devices.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(devices.last_seen_at, EXCLUDED.last_seen_at),
         last_reading_at = GREATEST(devices.last_reading_at, EXCLUDED.last_reading_at)
       WHERE devices.last_seen_at < EXCLUDED.last_seen_at OR devices.last_reading_at < EXCLUDED.last_reading_at OR devices.first_seen_at > EXCLUDED.first_seen_at`,
      JSON.stringify(sightings.map(({ deviceId, takenAt, receivedAt }) => ({ deviceId, takenAt, receivedAt }))),
    );
  }

  /**
   * Enrolls to `userId` those of `deviceIds` that have no owner (creating the unknown ones, seen
   * now), and answers each device's owner after that, in one statement. Atomic: of two first
   * senders racing for a new device, one owns it and the other sees that owner.
   */
  async claimDevices(deviceIds: string[], userId: bigint, seenAt: Date, takenAt: Date): Promise<Map<string, bigint | null>> {
    const rows = await this.tx.db.$queryRawUnsafe<Array<{ id: string; owner: bigint | null }>>(
      `INSERT INTO devices (id, first_seen_at, last_seen_at, last_reading_at, owner_user_id)
       SELECT id, $2::timestamptz, $2::timestamptz, $3::timestamptz, $4::bigint FROM unnest($1::text[]) AS id ORDER BY id
       ON CONFLICT (id) DO UPDATE SET owner_user_id = COALESCE(devices.owner_user_id, EXCLUDED.owner_user_id)
       RETURNING id, owner_user_id AS owner`,
      deviceIds,
      seenAt.toISOString(),
      takenAt.toISOString(),
      userId,
    );
    return new Map(rows.map((row) => [row.id, row.owner]));
  }

  /** Enrolls a device to a user, creating it (seen now) when unknown. Answers the previous owner. */
  async setOwner(deviceId: string, userId: bigint, now: Date): Promise<{ previous: bigint | null }> {
    const [row] = await this.tx.db.$queryRawUnsafe<Array<{ previous: bigint | null }>>(
      `WITH before AS (SELECT owner_user_id FROM devices WHERE id = $1 FOR UPDATE)
       INSERT INTO devices (id, first_seen_at, last_seen_at, last_reading_at, owner_user_id)
       VALUES ($1, $2::timestamptz, $2::timestamptz, $2::timestamptz, $3::bigint)
       ON CONFLICT (id) DO UPDATE SET owner_user_id = EXCLUDED.owner_user_id
       RETURNING (SELECT owner_user_id FROM before) AS previous`,
      deviceId,
      now.toISOString(),
      userId,
    );
    return { previous: row?.previous ?? null };
  }

  userExists(userId: bigint): Promise<boolean> {
    return this.tx.db.user.count({ where: { id: userId } }).then((count) => count > 0);
  }

  /** Stores readings in one statement; a reading already stored is skipped. Answers how many were new. */
  insertGyroscope(readings: GyroscopeMessage[]): Promise<number> {
    return this.tx.db.$executeRawUnsafe(
      `INSERT INTO gyroscope_readings (id, device_id, x, y, z, taken_at, received_at, sent_by, request_id)
       SELECT id, "deviceId", x, y, z, "takenAt", "receivedAt", "sentBy", "requestId"
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "deviceId" text, x float8, y float8, z float8, "takenAt" timestamptz, "receivedAt" timestamptz, "sentBy" text, "requestId" text)
       ON CONFLICT DO NOTHING`,
      JSON.stringify(readings),
    );
  }

  insertGps(readings: GpsMessage[]): Promise<number> {
    return this.tx.db.$executeRawUnsafe(
      `INSERT INTO gps_readings (id, device_id, location_enc, taken_at, received_at, sent_by, request_id)
       SELECT id, "deviceId", "locationEnc", "takenAt", "receivedAt", "sentBy", "requestId"
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "deviceId" text, "locationEnc" text, "takenAt" timestamptz, "receivedAt" timestamptz, "sentBy" text, "requestId" text)
       ON CONFLICT DO NOTHING`,
      JSON.stringify(readings),
    );
  }

  listGyroscope(deviceId: string, window: ReadingWindow): Promise<GyroscopeRow[]> {
    return this.tx.db.gyroscopeReading.findMany({
      where: { deviceId, ...takenAtWhere(window) },
      orderBy: takenAtOrder(window),
      take: window.limit,
      select: { id: true, deviceId: true, x: true, y: true, z: true, takenAt: true, receivedAt: true, storedAt: true },
    });
  }

  listGps(deviceId: string, window: ReadingWindow): Promise<GpsRow[]> {
    return this.tx.db.gpsReading.findMany({
      where: { deviceId, ...takenAtWhere(window) },
      orderBy: takenAtOrder(window),
      take: window.limit,
      select: { id: true, deviceId: true, locationEnc: true, takenAt: true, receivedAt: true, storedAt: true },
    });
  }

  findDevice(id: string): Promise<DeviceRow | null> {
    return this.tx.db.device.findUnique({ where: { id } });
  }

  /** Most recently seen first (ties by id), unless sorted otherwise. */
  async listDevices(skip: number, take: number, sort?: SortKey<DeviceSortField>[]): Promise<{ items: DeviceRow[]; total: number }> {
    const orderBy = sort ? orderByOf(sort, { lastSeenAt: 'lastSeenAt', firstSeenAt: 'firstSeenAt', id: 'id' }) : [{ lastSeenAt: 'desc' as const }, { id: 'asc' as const }];
    const [items, total] = await Promise.all([
      this.tx.db.device.findMany({ orderBy, skip, take }),
      this.tx.db.device.count(),
    ]);
    return { items, total };
  }

  async countsOf(deviceId: string): Promise<{ gyroscope: number; gps: number; photos: number }> {
    const [gyroscope, gps, photos] = await Promise.all([
      this.tx.db.gyroscopeReading.count({ where: { deviceId } }),
      this.tx.db.gpsReading.count({ where: { deviceId } }),
      this.tx.db.photo.count({ where: { deviceId } }),
    ]);
    return { gyroscope, gps, photos };
  }
}
