import { Command, CommandRunner, Option } from 'nest-commander';
import { withContext } from '../../platform/cli/cli-runtime';
import { validateOptions } from '../../platform/cli/input';
import { print, RecordsCommand } from '../../platform/cli/output';
import { UsageError } from '../../platform/boot';
import { CashbackModule } from '../cashback.module';
import { CashbackService } from '../cashback.service';
import { ReconciliationDto, ReconciliationQueryDto } from '../dto/purchase.dto';
import { toReconciliationDto } from '../mappers';

@Command({
  name: 'cashback:resend',
  description: 'Re-send every purchase whose delivery FAILED (back to PENDING, queued again), or with --status PENDING every PENDING purchase no queued job will deliver',
})
export class ResendCashbackCommand extends CommandRunner {
  async run(_params: string[], options: { status: string }): Promise<void> {
    if (options.status !== 'FAILED' && options.status !== 'PENDING') throw new UsageError('--status must be FAILED or PENDING (a delivered purchase is never sent again)');
    await withContext([CashbackModule], async (context) => {
      const cashback = context.get(CashbackService);
      const ids = options.status === 'PENDING' ? await cashback.requeueStuck() : await cashback.resendFailed();
      print(`Re-queued ${ids.length} purchase(s); an API process with delivery enabled sends them.`);
    });
  }

  @Option({ flags: '--status <status>', description: 'Which purchases: FAILED, or PENDING ones without a queued job', defaultValue: 'FAILED' })
  parseStatus(value: string): string {
    return value;
  }
}

@Command({ name: 'cashback:report', description: 'Reconciliation of purchases accepted in a period: counts and sums by delivery status' })
export class CashbackReportCommand extends RecordsCommand<ReconciliationDto, { from?: string; to?: string }> {
  /** The period is checked as GET /api/v1/cashback/reconciliation checks it; all posters' purchases. */
  protected async records(_params: string[], options: { from?: string; to?: string }): Promise<ReconciliationDto> {
    const { from, to } = await validateOptions(ReconciliationQueryDto, { from: options.from, to: options.to });
    return withContext([CashbackModule], async (context) => toReconciliationDto(await context.get(CashbackService).reconciliation(undefined, from, to), from, to));
  }

  protected render(report: ReconciliationDto): void {
    print(`Purchases accepted ${report.from ? `from ${report.from}` : 'since the start'} ${report.to ? `to ${report.to}` : 'until now'}:`);
    print('status     purchases        total     cashback');
    for (const line of report.byStatus) print(`${line.status.padEnd(10)} ${String(line.purchases).padStart(9)} ${line.total.padStart(12)} ${line.cashback.padStart(12)}`);
    print(`delivery calls: ${report.attempts}`);
  }

  @Option({ flags: '--from <date>', description: 'Start (inclusive), ISO 8601' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'End (exclusive), ISO 8601' })
  parseTo(value: string): string {
    return value;
  }
}
