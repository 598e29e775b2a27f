import { Command, CommandRunner, Option } from 'nest-commander';
import { withContext } from '../../platform/cli/cli-runtime';
import { print, RecordsCommand } from '../../platform/cli/output';
import { UsageError } from '../../platform/boot';
import { DeadLettersService, TELEMETRY_KINDS, TelemetryDeadLetter } from '../dead-letters.service';
import { TelemetryModule } from '../telemetry.module';
import { TelemetryQueueKind } from '../telemetry.constants';

const parseKind = (value: string): TelemetryQueueKind => {
  if (!(TELEMETRY_KINDS as string[]).includes(value)) throw new UsageError(`--kind must be one of ${TELEMETRY_KINDS.join(', ')}`);
  return value as TelemetryQueueKind;
};

const parseLimit = (value: string): number => {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError('--limit must be a whole number from 1 to 100000');
  return limit;
};

@Command({ name: 'telemetry:dead-letters', description: 'List telemetry jobs that ran out of retries (readings not stored, photos not recognized), oldest first' })
export class TelemetryDeadLettersCommand extends RecordsCommand<TelemetryDeadLetter[], { kind?: TelemetryQueueKind; limit: number }> {
  protected records(_params: string[], options: { kind?: TelemetryQueueKind; limit: number }): Promise<TelemetryDeadLetter[]> {
    return withContext([TelemetryModule], (context) => context.get(DeadLettersService).list(options.kind ? [options.kind] : TELEMETRY_KINDS, options.limit));
  }

  protected render(letters: TelemetryDeadLetter[]): void {
    if (!letters.length) return print('No dead letters.');
    print('kind       job id                                failed at                 device             taken at                  error');
    for (const letter of letters) {
      print([letter.kind.padEnd(10), letter.jobId.padEnd(37), letter.failedAt.toISOString().padEnd(25), (letter.deviceId ?? '-').padEnd(18), (letter.takenAt ?? '-').padEnd(25), letter.error ?? '-'].join(' '));
    }
    print(`${letters.length} dead letter(s); replay with: npm run cli -- telemetry:replay --kind <kind> --all (or --id <job id>)`);
  }

  @Option({ flags: '--kind <kind>', description: 'gyroscope, gps or photo (default: all)' })
  parseKind(value: string): TelemetryQueueKind {
    return parseKind(value);
  }

  @Option({ flags: '--limit <n>', description: 'At most this many', defaultValue: 100 })
  parseLimit(value: string): number {
    return parseLimit(value);
  }
}

@Command({ name: 'telemetry:replay', description: 'Send dead-lettered telemetry jobs back to their queue (each once; audited)' })
export class TelemetryReplayCommand extends CommandRunner {
  async run(_params: string[], options: { kind?: TelemetryQueueKind; id?: string[]; all?: boolean }): Promise<void> {
    if (!options.kind) throw new UsageError('--kind is required: gyroscope, gps or photo');
    if (!options.all === !options.id?.length) throw new UsageError('give either --all or one or more --id <job id>');
    const kind = options.kind;
    await withContext([TelemetryModule], async (context) => {
      const letters = context.get(DeadLettersService);
      const ids = options.all ? (await letters.list([kind], 100_000)).map((letter) => letter.jobId) : options.id!;
      const replayed = await letters.replay(kind, ids);
      print(`Replayed ${replayed} of ${ids.length} ${kind} job(s) to their queue; an API process with consumers enabled processes them.`);
      if (replayed < ids.length) print(`${ids.length - replayed} job(s) were not in the ${kind} dead-letter queue (already replayed, or another id).`);
    });
  }

  @Option({ flags: '--kind <kind>', description: 'gyroscope, gps or photo' })
  parseKind(value: string): TelemetryQueueKind {
    return parseKind(value);
  }

  @Option({ flags: '--id <jobId>', description: 'A dead letter job id (repeatable)' })
  parseId(value: string, previous: string[] = []): string[] {
    if (!/^[0-9a-f-]{36}$/i.test(value)) throw new UsageError('--id must be a job id (a UUID) from telemetry:dead-letters');
    return [...previous, value];
  }

  @Option({ flags: '--all', description: 'Every dead letter of the kind' })
  parseAll(): boolean {
    return true;
  }
}
