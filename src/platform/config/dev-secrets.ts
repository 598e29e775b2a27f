import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GENERATED_SECRETS = ['JWT_SECRET', 'FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'DEMO_ADMIN_PASSWORD'] as const;

type SecretName = (typeof GENERATED_SECRETS)[number];

const generators: Record<SecretName, () => string> = {
  JWT_SECRET: () => randomBytes(48).toString('base64url'),
  FIELD_ENCRYPTION_KEYS: () => `dev1:${randomBytes(32).toString('base64')}`,
  BLIND_INDEX_KEY: () => randomBytes(32).toString('base64'),
  // Meets the password policy: mixed classes, 24 characters.
  DEMO_ADMIN_PASSWORD: () => `Demo-${randomBytes(15).toString('base64url')}9a`,
};

/**
 * Outside production, fills the secrets that are not set with values generated once and kept in
 * DATA_DIR/secrets.json, so data encrypted under them stays readable across restarts. Returns the
 * names that came from that file, for a warning. Production never reaches this (see parseEnv).
 */
export function provideDevelopmentSecrets(env: NodeJS.ProcessEnv): SecretName[] {
  if (env.NODE_ENV === 'production') return [];
  const missing = GENERATED_SECRETS.filter((name) => !env[name]);
  if (!missing.length) return [];
  const file = path.resolve(env.DATA_DIR || '.data', 'secrets.json');
  const stored: Partial<Record<SecretName, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = generators[name]();
      changed = true;
    }
    env[name] = stored[name];
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return missing;
}
