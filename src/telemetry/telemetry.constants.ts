import type { ReadingKind } from './telemetry-fields';

/** One queue per kind of telemetry, each with its dead-letter queue. */
export const TELEMETRY_QUEUES = {
  gyroscope: { queue: 'telemetry.gyroscope', deadLetter: 'telemetry.gyroscope.dead-letter' },
  gps: { queue: 'telemetry.gps', deadLetter: 'telemetry.gps.dead-letter' },
  photo: { queue: 'telemetry.photo', deadLetter: 'telemetry.photo.dead-letter' },
} as const satisfies Record<ReadingKind | 'photo', { queue: string; deadLetter: string }>;

export type TelemetryQueueKind = keyof typeof TELEMETRY_QUEUES;

/** Readings accepted in one batch call. */
export const MAX_BATCH_READINGS = 1000;
