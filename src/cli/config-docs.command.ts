import { writeFileSync } from 'node:fs';
import { Command, CommandRunner } from 'nest-commander';
import { renderConfigurationDoc, renderEnvExample } from '../platform/config/env-docs';
import { print } from '../platform/cli/output';

@Command({ name: 'config:docs', description: 'Regenerate .env.example and docs/configuration.md from the configuration schema' })
export class ConfigDocsCommand extends CommandRunner {
  async run(): Promise<void> {
    writeFileSync('.env.example', renderEnvExample());
    writeFileSync('docs/configuration.md', renderConfigurationDoc());
    print('Wrote .env.example and docs/configuration.md.');
  }
}
