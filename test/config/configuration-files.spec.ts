import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderConfigurationDoc, renderEnvExample } from '../../src/platform/config/env-docs';
import { parseEnv } from '../../src/platform/config/env';
import { ENV_VARIABLES } from '../../src/platform/config/env.schema';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values.set(match[1], match[2]);
  }
  return values;
}

describe('configuration files', () => {
  it('.env.example lists exactly the variables of the schema, with their defaults', () => {
    const example = parseDotenv(read('.env.example'));
    expect([...example.keys()].sort()).toEqual(Object.keys(ENV_VARIABLES).sort());
    for (const [name, variable] of Object.entries(ENV_VARIABLES)) {
      expect(`${name}=${example.get(name)}`).toBe(`${name}=${'default' in variable ? variable.default : ''}`);
    }
    expect(read('.env.example')).toBe(renderEnvExample());
  });

  it('.env.example as written is a valid development configuration', () => {
    expect(() => parseEnv(Object.fromEntries(parseDotenv(read('.env.example'))))).not.toThrow();
  });

  it('docs/configuration.md is current (npm run cli -- config:docs)', () => {
    expect(read('docs/configuration.md')).toBe(renderConfigurationDoc());
  });
});
