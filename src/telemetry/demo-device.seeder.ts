import { Injectable } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { Seeder } from '../platform/database/seeder';
import { UsersService } from '../users/users.service';
import { DeviceOwnershipService } from './device-ownership.service';
import { ReadingsRepository } from './readings.repository';

/** The device of the API document's telemetry and photo examples. */
export const DEMO_DEVICE_ID = 'AA:BB:CC:DD:EE:01';

/**
 * Outside production: the demo device, enrolled to the demo administrator, so that the document's
 * telemetry and photo examples run as that user and the device routes have a device to show.
 */
@Injectable()
export class DemoDeviceSeeder implements Seeder {
  readonly name = 'demo-device';

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly ownership: DeviceOwnershipService,
    private readonly readings: ReadingsRepository,
  ) {}

  async seed({ demo }: { demo: boolean }): Promise<number> {
    if (!demo || !this.config.demo.adminPassword || (await this.readings.findDevice(DEMO_DEVICE_ID))) return 0;
    await this.ownership.setOwner(DEMO_DEVICE_ID, await this.users.idByEmail(this.config.demo.adminEmail));
    return 1;
  }
}
