import { z } from 'zod';
import { ConfigurationError } from './config.errors';
import { ENV_VARIABLES, Env, EnvName, EnvVariable } from './env.schema';

const PRODUCTION_REQUIRED: EnvName[] = ['DATABASE_URL', 'JWT_SECRET', 'FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'CASHBACK_API_URL'];

/** Validates the raw environment and applies defaults; throws one line naming each bad variable. */
export function parseEnv(raw: NodeJS.ProcessEnv | Record<string, unknown>): Env {
  const shape: Record<string, z.ZodType> = {};
  const input: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(ENV_VARIABLES) as [EnvName, EnvVariable][]) {
    shape[name] = variable.schema;
    const value = raw[name];
    input[name] = value === undefined || value === '' ? variable.default : value;
  }
  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = result.data as Env;
  if (env.NODE_ENV === 'production') {
    const missing = PRODUCTION_REQUIRED.filter((name) => env[name] === undefined);
    if (missing.length) {
      throw new ConfigurationError(`Missing required production setting${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    }
  }
  if (env.FIELD_ENCRYPTION_ACTIVE_KEY && env.FIELD_ENCRYPTION_KEYS) {
    const ids = env.FIELD_ENCRYPTION_KEYS.split(',').map((entry) => entry.split(':')[0]);
    if (!ids.includes(env.FIELD_ENCRYPTION_ACTIVE_KEY)) {
      throw new ConfigurationError(`Invalid configuration: FIELD_ENCRYPTION_ACTIVE_KEY ${env.FIELD_ENCRYPTION_ACTIVE_KEY} is not one of the ids in FIELD_ENCRYPTION_KEYS (${ids.join(', ')})`);
    }
  }
  return env;
}
