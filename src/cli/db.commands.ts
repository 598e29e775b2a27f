import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { UsageError } from '../platform/boot';
import { backupDatabase, restoreDatabase } from '../platform/database/backup';
import { redactUrl } from '../platform/database/database-url';
import { MigrationRunner, PRISMA_DIR } from '../platform/database/migrations';
import { createMigration } from '../platform/database/schema-diff';
import { SeedModule } from '../seed/seed.module';
import { SeedService } from '../seed/seed.service';
import { cliEnv, print, withContext, withDatabase } from './cli-runtime';

@Command({ name: 'db:migrate', description: 'Apply pending migrations (same bookkeeping as prisma migrate deploy)' })
export class DbMigrateCommand extends CommandRunner {
  async run(): Promise<void> {
    await withDatabase(
      async (database) => {
        const applied = await new MigrationRunner(database.url, cliEnv().DATABASE_CONNECT_TIMEOUT_MS).apply();
        print(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}` : 'Database is up to date; no migration applied.');
      },
      { migrate: false },
    );
  }
}

@Command({ name: 'db:status', description: 'Show applied and pending migrations; exits 1 when the database is not up to date' })
export class DbStatusCommand extends CommandRunner {
  async run(): Promise<void> {
    await withDatabase(
      async (database) => {
        const status = await new MigrationRunner(database.url, cliEnv().DATABASE_CONNECT_TIMEOUT_MS).status();
        const section = (title: string, names: string[]) => names.length && print(`${title}:\n${names.map((name) => `  ${name}`).join('\n')}`);
        print(`${status.applied.length} applied, ${status.pending.length} pending`);
        section('Applied', status.applied);
        section('Pending', status.pending);
        section('Failed (see docs/database.md)', status.failed);
        section('Edited after being applied', status.edited);
        section('In the database but not in prisma/migrations', status.unknown);
        const upToDate = !status.pending.length && !status.failed.length && !status.unknown.length;
        print(upToDate ? 'Database schema is up to date.' : 'Database schema is NOT up to date.');
        if (!upToDate) process.exitCode = 1;
      },
      { migrate: false },
    );
  }
}

@Command({
  name: 'db:migrate:dev',
  description: 'Create a migration from the changes to prisma/schema.prisma since the last one, apply it and regenerate the client',
})
export class DbMigrateDevCommand extends CommandRunner {
  async run(_params: string[], options: { name?: string }): Promise<void> {
    if (!options.name) throw new Error('--name is required, e.g. npm run db:migrate:dev -- --name add_users');
    await withDatabase(
      async (database) => {
        const created = await createMigration(options.name!, database.url);
        if (!created) {
          print('prisma/schema.prisma has no change since the last migration; nothing created.');
        } else {
          print(`Created ${path.relative(process.cwd(), created.directory)}/migration.sql`);
        }
        const applied = await new MigrationRunner(database.url, cliEnv().DATABASE_CONNECT_TIMEOUT_MS).apply();
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

@Command({ name: 'db:seed', description: 'Seed reference data, and demo data outside production (idempotent)' })
export class DbSeedCommand extends CommandRunner {
  async run(): Promise<void> {
    await withContext([SeedModule], async (context) => {
      const reports = await context.get(SeedService).run();
      for (const report of reports) print(`${report.seeder}: ${report.created} created`);
      print(`Seed done: ${reports.reduce((sum, report) => sum + report.created, 0)} row(s) created.`);
    });
  }
}

@Command({ name: 'db:backup', description: 'Write a backup of the database (pg_dump custom archive, from the PATH) to --out' })
export class DbBackupCommand extends CommandRunner {
  async run(_params: string[], options: { out?: string }): Promise<void> {
    if (!options.out) throw new UsageError('--out <file> is required, e.g. npm run cli -- db:backup --out backup.dump');
    const out = options.out;
    await withDatabase(
      async (database) => {
        const started = Date.now();
        const { bytes } = await backupDatabase(database.url, out);
        print(`Backed up ${redactUrl(database.url)} to ${out} (${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        print(`Restore with: npm run cli -- db:restore --in ${out}`);
      },
      { migrate: false },
    );
  }

  @Option({ flags: '--out <file>', description: 'Archive to write' })
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
        const started = Date.now();
        await restoreDatabase(database.url, file, { replace: Boolean(options.force) });
        const status = await new MigrationRunner(database.url, cliEnv().DATABASE_CONNECT_TIMEOUT_MS).status();
        print(`Restored ${file} into ${redactUrl(database.url)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
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
