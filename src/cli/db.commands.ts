import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { UsageError } from '../platform/boot';
import { Clock } from '../platform/clock';
import { backupDatabase, restoreDatabase } from '../platform/database/backup';
import { redactUrl } from '../platform/database/database-url';
import { MigrationRunner, MigrationStatus, PRISMA_DIR } from '../platform/database/migrations';
import { createMigration } from '../platform/database/schema-diff';
import { SeedModule } from '../seed/seed.module';
import { SeedReport, SeedService } from '../seed/seed.service';
import { cliEnv, withContext, withDatabase } from '../platform/cli/cli-runtime';
import { outputName, print, RecordsCommand, STDOUT, withOutput } from '../platform/cli/output';

const migrations = (url: string) => new MigrationRunner(url, cliEnv().DATABASE_CONNECT_TIMEOUT_MS);
const indented = (names: string[]) => names.map((name) => `  ${name}`).join('\n');

@Command({ name: 'db:migrate', description: 'Apply pending migrations (same bookkeeping as prisma migrate deploy)' })
export class DbMigrateCommand extends RecordsCommand<{ applied: string[] }> {
  protected records(): Promise<{ applied: string[] }> {
    return withDatabase(async (database) => ({ applied: await migrations(database.url).apply() }), { migrate: false });
  }

  protected render({ applied }: { applied: string[] }): void {
    print(applied.length ? `Applied ${applied.length} migration(s):\n${indented(applied)}` : 'Database is up to date; no migration applied.');
  }
}

type DatabaseStatus = MigrationStatus & { upToDate: boolean };

@Command({ name: 'db:status', description: 'Show applied and pending migrations; exits 1 when the database is not up to date' })
export class DbStatusCommand extends RecordsCommand<DatabaseStatus> {
  protected records(): Promise<DatabaseStatus> {
    return withDatabase(
      async (database) => {
        const status = await migrations(database.url).status();
        const upToDate = !status.pending.length && !status.failed.length && !status.unknown.length;
        if (!upToDate) process.exitCode = 1;
        return { upToDate, ...status };
      },
      { migrate: false },
    );
  }

  protected render(status: DatabaseStatus): void {
    const section = (title: string, names: string[]) => names.length && print(`${title}:\n${indented(names)}`);
    print(`${status.applied.length} applied, ${status.pending.length} pending`);
    section('Applied', status.applied);
    section('Pending', status.pending);
    section('Failed (see docs/database.md)', status.failed);
    section('Edited after being applied', status.edited);
    section('In the database but not in prisma/migrations', status.unknown);
    print(status.upToDate ? 'Database schema is up to date.' : 'Database schema is NOT up to date.');
  }
}

@Command({
  name: 'db:migrate:dev',
  description: 'Create a migration from the changes to prisma/schema.prisma since the last one, apply it and regenerate the client',
})
export class DbMigrateDevCommand extends CommandRunner {
  constructor(private readonly clock: Clock) {
    super();
  }

  async run(_params: string[], options: { name?: string }): Promise<void> {
    if (!options.name) throw new UsageError('--name is required, e.g. npm run db:migrate:dev -- --name add_users');
    await withDatabase(
      async (database) => {
        const created = await createMigration(options.name!, database.url, { now: this.clock.now() });
        if (!created) {
          print('prisma/schema.prisma has no change since the last migration; nothing created.');
        } else {
          print(`Created ${path.relative(process.cwd(), created.directory)}/migration.sql`);
        }
        const applied = await migrations(database.url).apply();
        if (applied.length) print(`Applied: ${applied.join(', ')}`);
        if (created) {
          execFileSync(process.execPath, [path.join(PRISMA_DIR, '..', 'scripts', 'postinstall.mjs')], { stdio: 'inherit' });
        }
      },
      { migrate: false },
    );
  }

  @Option({ flags: '-n, --name <name>', description: 'Short name of the change, e.g. add_users', required: true })
  parseName(value: string): string {
    return value;
  }
}

interface SeedResult {
  seeders: SeedReport[];
  created: number;
}

@Command({ name: 'db:seed', description: 'Seed reference data, and demo data outside production (idempotent)' })
export class DbSeedCommand extends RecordsCommand<SeedResult> {
  protected records(): Promise<SeedResult> {
    return withContext([SeedModule], async (context) => {
      const seeders = await context.get(SeedService).run();
      return { seeders, created: seeders.reduce((sum, report) => sum + report.created, 0) };
    });
  }

  protected render({ seeders, created }: SeedResult): void {
    for (const report of seeders) print(`${report.seeder}: ${report.created} created`);
    print(`Seed done: ${created} row(s) created.`);
  }
}

@Command({ name: 'db:backup', description: 'Write a backup of the database (pg_dump custom archive, from the PATH) to --out' })
export class DbBackupCommand extends CommandRunner {
  async run(_params: string[], options: { out?: string }): Promise<void> {
    if (!options.out) throw new UsageError('--out <file> is required, e.g. npm run cli -- db:backup --out backup.dump');
    const out = options.out;
    await withDatabase(
      async (database) => {
        const started = performance.now();
        const { bytes } = await withOutput(out, (stream) => backupDatabase(database.url, stream));
        print(`Backed up ${redactUrl(database.url)} to ${outputName(out)} (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
        print(`Restore with: npm run cli -- db:restore --in ${out === STDOUT ? '<file>' : out}`);
      },
      { migrate: false },
    );
  }

  @Option({ flags: '--out <file>', description: 'Archive to write (- for standard output)' })
  parseOut(value: string): string {
    return value;
  }
}

@Command({ name: 'db:restore', description: 'Restore a db:backup archive into the database (an empty one, unless --force)' })
export class DbRestoreCommand extends CommandRunner {
  async run(_params: string[], options: { in?: string; force?: boolean }): Promise<void> {
    if (!options.in) throw new UsageError('--in <file> is required, e.g. npm run cli -- db:restore --in backup.dump');
    const file = options.in;
    await withDatabase(
      async (database) => {
        const started = performance.now();
        await restoreDatabase(database.url, file, { replace: Boolean(options.force) });
        const status = await migrations(database.url).status();
        print(`Restored ${file} into ${redactUrl(database.url)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
        print(`Schema: ${status.applied.length} migration(s) applied, ${status.pending.length} pending${status.pending.length ? ' (apply them with npm run db:migrate)' : ''}.`);
      },
      { migrate: false },
    );
  }

  @Option({ flags: '--in <file>', description: 'Archive written by db:backup' })
  parseIn(value: string): string {
    return value;
  }

  @Option({ flags: '--force', description: 'Replace the contents of a database that is not empty' })
  parseForce(): boolean {
    return true;
  }
}
