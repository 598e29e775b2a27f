import { existsSync } from 'node:fs';
import { Env } from './env.schema';
import { parseEnv } from './env';
import { provideDevelopmentSecrets } from './dev-secrets';

export interface LoadedEnvironment {
  env: Env;
  /** Secrets that were generated and stored under DATA_DIR because they were not set. */
  generatedSecrets: string[];
}

/**
 * What every entry point does first: read `.env` (variables already set win), fill development
 * secrets, validate. Throws ConfigurationError with one line naming the problem.
 */
export function loadEnvironment(envFile = '.env'): LoadedEnvironment {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const generatedSecrets = provideDevelopmentSecrets(process.env);
  return { env: parseEnv(process.env), generatedSecrets };
}
