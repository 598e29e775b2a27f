import { Command, CommandRunner, Option } from 'nest-commander';
import { withContext } from '../../platform/cli/cli-runtime';
import { emit, note, outputName, print, withOutput } from '../../platform/cli/output';
import { UsageError } from '../../platform/boot';
import { UsersModule } from '../users.module';
import { UsersService } from '../users.service';
import { ExportFormat, writeUsersExport } from '../users-export';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90d`, `12h`, `30m`, `45s` in seconds (at most 2 years). */
export function parseTtl(value: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (!match) throw new UsageError(`--ttl must look like 90d, 12h, 30m or 45s, not "${value}"`);
  const seconds = Number(match[1]) * UNITS[match[2]];
  if (seconds < 60 || seconds > 2 * 365 * 86_400) throw new UsageError('--ttl must be between 1 minute and 2 years');
  return seconds;
}

@Command({
  name: 'tokens:issue',
  description: 'Mint a long-lived access token for a machine client (ERP, card network, device); it stops working when the user is disabled or deleted',
})
export class IssueTokenCommand extends CommandRunner {
  async run(_params: string[], options: { user: string; ttl: string }): Promise<void> {
    const ttl = parseTtl(options.ttl);
    await withContext([UsersModule], async (context) => {
      const { user, token, expiresAt } = await context.get(UsersService).issueAccessToken(options.user, ttl);
      note(`Access token for ${user.email} (role ${user.role.description}), valid until ${expiresAt.toISOString()}:`);
      emit(`${token}\n`);
    });
  }

  @Option({ flags: '--user <email>', description: 'E-mail of the machine user', required: true })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '--ttl <duration>', description: 'Lifetime: 90d, 12h, 30m...', defaultValue: '90d' })
  parseTtl(value: string): string {
    return value;
  }
}

@Command({
  name: 'users:revoke-sessions',
  arguments: '<email>',
  description: "End every session of a user (a stolen laptop, a leaked machine token): its access tokens are refused and its refresh tokens revoked",
})
export class RevokeSessionsCommand extends CommandRunner {
  async run([email]: string[]): Promise<void> {
    await withContext([UsersModule], async (context) => {
      const users = context.get(UsersService);
      const id = await users.idByEmail(email);
      await users.revokeSessions(id);
      print(`Ended every session of ${email.trim().toLowerCase()} (id ${id}); running API processes refuse its tokens within AUTH_CACHE_TTL_MS.`);
    });
  }
}

@Command({ name: 'users:export', description: 'Export every user (no passwords) as CSV or XLSX; schedule it with cron for periodic reports' })
export class ExportUsersCommand extends CommandRunner {
  async run(_params: string[], options: { format: string; out: string }): Promise<void> {
    if (options.format !== 'csv' && options.format !== 'xlsx') throw new UsageError('--format must be csv or xlsx');
    await withContext([UsersModule], async (context) => {
      const users = context.get(UsersService);
      const count = await withOutput(options.out, (out) => writeUsersExport(users.streamAll(), options.format as ExportFormat, out));
      print(`Exported ${count} user(s) to ${outputName(options.out)}.`);
    });
  }

  @Option({ flags: '--format <format>', description: 'csv or xlsx', defaultValue: 'xlsx' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'Output file (- for standard output)', required: true })
  parseOut(value: string): string {
    return value;
  }
}
