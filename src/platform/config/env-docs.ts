import { ENV_VARIABLES, EnvVariable } from './env.schema';

const entries = () => Object.entries(ENV_VARIABLES) as [string, EnvVariable][];

/** `.env.example`: every variable, its default (empty when unset) and meaning. */
export function renderEnvExample(): string {
  const lines = [
    '# Benefits Platform API configuration. Copy to .env and adjust; variables set in the',
    '# environment win over this file. Generated from src/platform/config/env.schema.ts',
    '# by `npm run cli -- config:docs`; a test fails when the two disagree.',
    '',
  ];
  for (const [name, variable] of entries()) {
    lines.push(`# ${variable.description}${variable.secret ? ' (secret)' : ''}`);
    lines.push(`${name}=${variable.default ?? ''}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** docs/configuration.md: the same list as a table. */
export function renderConfigurationDoc(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = entries().map(
    ([name, variable]) => `| \`${name}\` | ${variable.default === undefined ? '_unset_' : variable.default === '' ? '_empty_' : `\`${variable.default}\``} | ${variable.secret ? 'yes' : ''} | ${escape(variable.description)} |`,
  );
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, validated at start-up: a bad or missing value stops the',
    'process with one line naming it. A `.env` file in the working directory is read too (variables already',
    'set in the environment win). `.env.example` lists the same variables with their defaults.',
    '',
    'This page is generated from `src/platform/config/env.schema.ts` by `npm run cli -- config:docs`;',
    'a test fails when it is out of date.',
    '',
    '| Variable | Default | Secret | Meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Development secrets',
    '',
    'Outside production, `JWT_SECRET` and `FIELD_ENCRYPTION_KEYS` may be left unset: they are generated once,',
    'stored in `DATA_DIR/secrets.json` (mode 0600) and reused, so tokens and encrypted data survive restarts;',
    'a warning says so at every start. With `NODE_ENV=production` the API refuses to start without them, and',
    'without `DATABASE_URL` (production never uses the embedded database).',
    '',
  ].join('\n');
}
