import { readFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { claimsTable } from '../platform/auth/claims-table';
import { writeOpenApiDocument } from './openapi-export';
import { withErrorsTable } from '../platform/http/problem-catalog';
import { cliEnv } from '../platform/cli/cli-runtime';
import { outputName, print, withOutput } from '../platform/cli/output';

const writeText = (file: string, text: string) => withOutput(file, async (out) => void out.end(text));

@Command({ name: 'openapi:export', description: 'Write the OpenAPI document (JSON) built from the code' })
export class OpenApiExportCommand extends CommandRunner {
  async run(_params: string[], options: { out: string; claims?: string; errors?: string }): Promise<void> {
    cliEnv();
    const json = await writeOpenApiDocument();
    await writeText(options.out, json);
    const operations = Object.values(JSON.parse(json).paths as Record<string, object>).reduce<number>((sum, item) => sum + Object.keys(item).length, 0);
    print(`Wrote ${outputName(options.out)} (${operations} operations).`);
    if (options.claims) {
      await writeText(options.claims, claimsTable(JSON.parse(json)));
      print(`Wrote ${outputName(options.claims)}.`);
    }
    if (options.errors) {
      // Built with the document: every module's error classes are loaded by then.
      await writeText(options.errors, withErrorsTable(readFileSync(options.errors, 'utf8')));
      print(`Wrote the table of ${outputName(options.errors)}.`);
    }
  }

  @Option({ flags: '--errors <file>', description: 'Also rewrite the table of error codes in that Markdown file (docs/errors.md)' })
  parseErrors(value: string): string {
    return value;
  }

  @Option({ flags: '--claims <file>', description: 'Also write the claims-per-route table (Markdown) there' })
  parseClaims(value: string): string {
    return value;
  }

  @Option({ flags: '-o, --out <file>', description: 'Output file (- for standard output)', defaultValue: 'docs/openapi.json' })
  parseOut(value: string): string {
    return value;
  }
}
