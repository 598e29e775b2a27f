import { domainError, notFoundError } from '../platform/http/domain-error';

export class DeviceNotFoundError extends notFoundError('Device', 'DEVICE_NOT_FOUND') {}

/** The device is enrolled to another user: only that user may send its readings and photos. */
export class DeviceNotOwnedError extends domainError(403, 'DEVICE_NOT_OWNED', 'Device enrolled to another user', 'A reading or photo for a device enrolled to another user; `deviceIds` names it') {
  constructor(deviceIds: string[]) {
    super(
      deviceIds.length === 1
        ? `Device ${deviceIds[0]} is enrolled to another user; nothing was accepted. An operator can move it (PUT /api/v1/telemetry/devices/{deviceId}/owner).`
        : `Devices ${deviceIds.join(', ')} are enrolled to another user; nothing was accepted.`,
      { deviceIds },
    );
  }
}
