import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../platform/http/validation';
import { decodeTakenAtCursor, normalizeDeviceId } from './telemetry-fields';

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

/** The `before` bound of a cursor query, or a 400 naming `cursor`. */
export function cursorBound(cursor: string | undefined): Date | undefined {
  if (cursor === undefined) return undefined;
  const before = decodeTakenAtCursor(cursor);
  if (!before) throw new RequestValidationError([{ name: 'cursor', reasons: ['cursor must be a cursor returned by a previous page'] }]);
  return before;
}
