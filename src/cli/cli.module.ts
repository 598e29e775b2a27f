import { Module } from '@nestjs/common';
import { ClockModule } from '../platform/clock.module';
import { DbBackupCommand, DbMigrateCommand, DbMigrateDevCommand, DbRestoreCommand, DbSeedCommand, DbStatusCommand } from './db.commands';
import { OpenApiExportCommand } from './openapi.command';
import { ConfigDocsCommand } from './config-docs.command';
import { CommandTree } from './command-tree';
import { CreateAdminCommand, CreateUserCommand } from './create-user.commands';
import { CashbackReportCommand, ResendCashbackCommand } from '../cashback/cli/cashback.commands';
import { CreateAccountCommand, ImportMerchantsCommand } from '../card-authorization/cli/cards.commands';
import { ExportScoreDataCommand, PurgeEventsCommand, RotateKeysCommand } from '../customers/cli/customers.commands';
import { TelemetryDeadLettersCommand, TelemetryReplayCommand } from '../telemetry/cli/telemetry.commands';
import { ExportUsersCommand, IssueTokenCommand, RevokeSessionsCommand } from '../users/cli/users.commands';

/**
 * Root of the admin CLI. It holds only the commands; each command opens the database and the
 * feature modules it needs when it runs, so `--help` starts nothing.
 */
@Module({
  imports: [ClockModule],
  providers: [CommandTree, DbMigrateCommand, DbStatusCommand, DbBackupCommand, DbRestoreCommand, DbMigrateDevCommand, DbSeedCommand, OpenApiExportCommand, ConfigDocsCommand, CreateAdminCommand, CreateUserCommand, IssueTokenCommand, RevokeSessionsCommand, ExportUsersCommand, RotateKeysCommand, ExportScoreDataCommand, PurgeEventsCommand, ImportMerchantsCommand, CreateAccountCommand, ResendCashbackCommand, CashbackReportCommand, TelemetryDeadLettersCommand, TelemetryReplayCommand],
})
export class CliModule {}
