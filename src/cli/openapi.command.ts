import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { claimsTable } from '../platform/auth/claims-table';
import { writeOpenApiDocument } from '../platform/http/openapi-export';
import { withErrorsTable } from '../platform/http/problem-catalog';
import { cliEnv, print } from './cli-runtime';

@Command({ name: 'openapi:export', description: 'Write the OpenAPI document (JSON) built from the code' })
export class OpenApiExportCommand extends CommandRunner {
  async run(_params: string[], options: { out: string; claims?: string; errors?: string }): Promise<void> {
    cliEnv();
    const json = await writeOpenApiDocument();
    const file = path.resolve(options.out);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, json);
    const operations = Object.values(JSON.parse(json).paths as Record<string, object>).reduce<number>((sum, item) => sum + Object.keys(item).length, 0);
    print(`Wrote ${path.relative(process.cwd(), file)} (${operations} operations).`);
    if (options.claims) {
      const claimsFile = path.resolve(options.claims);
      writeFileSync(claimsFile, claimsTable(JSON.parse(json)));
      print(`Wrote ${path.relative(process.cwd(), claimsFile)}.`);
    }
    if (options.errors) {
      // Built with the document: every module's error classes are loaded by then.
      const errorsFile = path.resolve(options.errors);
      writeFileSync(errorsFile, withErrorsTable(readFileSync(errorsFile, 'utf8')));
      print(`Wrote the table of ${path.relative(process.cwd(), errorsFile)}.`);
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

  @Option({ flags: '-o, --out <file>', description: 'Output file', defaultValue: 'docs/openapi.json' })
  parseOut(value: string): string {
    return value;
  }
}
