import { Injectable, Logger } from '@nestjs/common';
import { ADMIN_ROLE } from '../platform/auth/claims';
import { AppConfig } from '../platform/config/app-config';
import { Seeder } from '../platform/database/seeder';
import { RolesRepository } from './roles.repository';
import { UsersService } from './users.service';
import { UsersRepository } from './users.repository';

/**
 * Outside production: a demo administrator (DEMO_ADMIN_EMAIL, password DEMO_ADMIN_PASSWORD,
 * generated into DATA_DIR/secrets.json when unset). Production has no default credentials: use
 * `npm run cli -- users:create-admin`.
 */
@Injectable()
export class DemoUsersSeeder implements Seeder {
  readonly name = 'demo-admin';
  private readonly logger = new Logger(DemoUsersSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly roles: RolesRepository,
    private readonly service: UsersService,
  ) {}

  async seed({ demo }: { demo: boolean }): Promise<number> {
    const { adminEmail, adminPassword } = this.config.demo;
    if (!demo || !adminPassword) return 0;
    if ((await this.users.findIdByEmail(adminEmail)) !== undefined) return 0;
    const role = await this.roles.findByDescription(ADMIN_ROLE);
    if (!role) return 0;
    await this.service.create({ name: 'Demo Administrator', email: adminEmail, roleId: role.id, password: adminPassword });
    this.logger.log(`demo administrator ${adminEmail} created`);
    return 1;
  }
}
