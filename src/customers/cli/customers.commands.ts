import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { withContext } from '../../platform/cli/cli-runtime';
import { outputName, print, withOutput } from '../../platform/cli/output';
import { UsageError } from '../../platform/boot';
import { AppConfig } from '../../platform/config/app-config';
import { Clock } from '../../platform/clock';
import { CustomerEventsService } from '../customer-events.service';
import { CustomersModule } from '../customers.module';
import { CustomersService } from '../customers.service';
import { KeyRotationService } from '../key-rotation.service';
import { scoreExportLines } from '../score-export';

@Command({
  name: 'keys:rotate',
  description: 'Re-encrypt every customer under the active key (FIELD_ENCRYPTION_ACTIVE_KEY) with its name index, and build the index of rows that lack one, in batches; safe to stop and run again, safe while the API serves',
})
export class RotateKeysCommand extends CommandRunner {
  async run(_params: string[], options: { batchSize: number }): Promise<void> {
    await withContext([CustomersModule], async (context) => {
      const rotation = context.get(KeyRotationService);
      print(`Active key: ${context.get(AppConfig).secrets.fieldEncryptionActiveKey ?? '(first of FIELD_ENCRYPTION_KEYS)'}; ${await rotation.remaining()} customer(s) to re-encrypt.`);
      const result = await rotation.rotate({ batchSize: options.batchSize, onBatch: ({ rotated, remaining }) => print(`  re-encrypted ${rotated}, ${remaining} left`) });
      print(`Done: ${result.rotated} customer(s) re-encrypted, ${result.remaining} left under older keys.`);
      const indexed = await rotation.rebuildNameIndex({ batchSize: options.batchSize });
      print(`Name index: built for ${indexed} customer(s), ${await rotation.withoutNameIndex()} left without one.`);
    });
  }

  @Option({ flags: '--batch-size <n>', description: 'Rows per transaction', defaultValue: 500 })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError('--batch-size must be an integer from 1 to 10000');
    return n;
  }
}

@Command({ name: 'customers:export-score-data', description: 'Write the score-data export (NDJSON, pseudonymous) to a file or standard output' })
export class ExportScoreDataCommand extends CommandRunner {
  async run(_params: string[], options: { out: string }): Promise<void> {
    await withContext([CustomersModule], async (context) => {
      const lines = scoreExportLines(context.get(CustomersService).streamScoreData(), context.get(Clock).now());
      let count = 0;
      const counted = async function* () {
        for await (const line of lines) {
          count += 1;
          yield line;
        }
      };
      await withOutput(options.out, (out) => pipeline(Readable.from(counted()), out));
      print(`Exported ${count} customer(s) to ${outputName(options.out)}.`);
    });
  }

  @Option({ flags: '--out <file>', description: 'Output file (NDJSON; - for standard output)', required: true })
  parseOut(value: string): string {
    return value;
  }
}

@Command({ name: 'customers:purge-events', description: 'Delete tier-C events of deleted customers older than CUSTOMER_EVENTS_RETENTION_DAYS' })
export class PurgeEventsCommand extends CommandRunner {
  async run(): Promise<void> {
    await withContext([CustomersModule], async (context) => {
      const days = context.get(AppConfig).customers.eventsRetentionDays;
      const purged = await context.get(CustomerEventsService).purgeExpired(days);
      print(`Purged ${purged} event(s) of deleted customers older than ${days} days.`);
    });
  }
}
