import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../platform/http/validation';
import { cursorPosition, explicitSort, instantTextPosition } from '../platform/http/sorting';
import { decodeTakenAtCursor, normalizeDeviceId, TakenAtWindow } from './telemetry-fields';

/** A device id (MAC address) from the path, normalized; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseDeviceIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const id = normalizeDeviceId(value);
    const name = metadata.data ?? 'deviceId';
    if (!id) throw new RequestValidationError([{ name, reasons: [`${name} must be a MAC address such as AA:BB:CC:DD:EE:FF or aa-bb-cc-dd-ee-ff`] }]);
    return id;
  }
}

/**
 * The window of a device's list from its query: newest first, or oldest first with
 * `sort=takenAt`, from the cursor's position (a 400 naming `cursor` for one made in another order);
 * one row more than `limit`, to tell whether another page exists.
 */
export function takenAtWindow(query: { from?: Date; to?: Date; limit: number; cursor?: string; sort?: string }): TakenAtWindow {
  const order = explicitSort(query.sort, '-takenAt');
  const position = cursorPosition(query.cursor, order, decodeTakenAtCursor);
  const window = { from: query.from, to: query.to, limit: query.limit + 1 };
  if (!order) return { ...window, before: position && 'legacy' in position ? position.legacy : undefined };
  const after = position && !('legacy' in position) ? instantTextPosition(position) : undefined;
  return { ...window, direction: 'asc', after: after && { takenAt: after.at, id: after.id } };
}
