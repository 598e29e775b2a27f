import { notFoundError } from '../platform/http/domain-error';

export class DeviceNotFoundError extends notFoundError('Device', 'DEVICE_NOT_FOUND') {}
