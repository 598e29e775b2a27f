import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { SEEDERS, Seeder } from '../platform/database/seeder';

export interface SeedReport {
  seeder: string;
  created: number;
}

@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    @Inject(SEEDERS) private readonly seeders: Seeder[],
    private readonly config: AppConfig,
  ) {}

  /** Runs every seeder in order; demo data only outside production. */
  async run(): Promise<SeedReport[]> {
    const demo = !this.config.isProduction;
    const reports: SeedReport[] = [];
    for (const seeder of this.seeders) {
      const created = await seeder.seed({ demo });
      reports.push({ seeder: seeder.name, created });
    }
    const total = reports.reduce((sum, report) => sum + report.created, 0);
    this.logger.log(`seed: ${total} row(s) created (${reports.map((r) => `${r.seeder} ${r.created}`).join(', ')})`);
    return reports;
  }
}
