import { Command, CommandRunner, Option } from 'nest-commander';
import { print, withContext } from '../../cli/cli-runtime';
import { UsageError } from '../../platform/boot';
import { formatCents } from '../../platform/money';
import { CashbackModule } from '../cashback.module';
import { CashbackService } from '../cashback.service';

@Command({
  name: 'cashback:resend',
  description: 'Re-send every purchase whose delivery FAILED (back to PENDING, queued again), or with --status PENDING every PENDING purchase no queued job will deliver',
})
export class ResendCashbackCommand extends CommandRunner {
  async run(_params: string[], options: { status: string }): Promise<void> {
    if (options.status !== 'FAILED' && options.status !== 'PENDING') throw new UsageError('--status must be FAILED or PENDING (a delivered purchase is never sent again)');
    await withContext([CashbackModule], async (context) => {
      const cashback = context.get(CashbackService);
      let ids: string[];
      if (options.status === 'PENDING') ids = await cashback.requeueStuck();
      else {
        ids = await cashback.idsByStatus('FAILED');
        for (const id of ids) await cashback.resend(id);
      }
      print(`Re-queued ${ids.length} purchase(s); an API process with delivery enabled sends them.`);
    });
  }

  @Option({ flags: '--status <status>', description: 'Which purchases: FAILED, or PENDING ones without a queued job', defaultValue: 'FAILED' })
  parseStatus(value: string): string {
    return value;
  }
}

const parseDate = (name: string, value: string) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be a date such as 2026-11-01`);
  return date;
};

@Command({ name: 'cashback:report', description: 'Reconciliation of purchases accepted in a period: counts and sums by delivery status' })
export class CashbackReportCommand extends CommandRunner {
  async run(_params: string[], options: { from?: string; to?: string }): Promise<void> {
    const from = options.from === undefined ? undefined : parseDate('from', options.from);
    const to = options.to === undefined ? undefined : parseDate('to', options.to);
    await withContext([CashbackModule], async (context) => {
      const report = await context.get(CashbackService).reconciliation(undefined, from, to);
      print(`Purchases accepted ${from ? `from ${from.toISOString()}` : 'since the start'} ${to ? `to ${to.toISOString()}` : 'until now'}:`);
      print('status     purchases        total     cashback');
      for (const line of report.byStatus) {
        print(`${line.status.padEnd(10)} ${String(line.purchases).padStart(9)} ${formatCents(line.totalCents).padStart(12)} ${formatCents(line.cashbackCents).padStart(12)}`);
      }
      print(`delivery calls: ${report.attempts}`);
    });
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
