import { registerAs } from '@nestjs/config';
import { parseEnv } from './env';

/**
 * The validated environment as a config namespace. Evaluated when the application is created (not
 * when a file is imported), after the entry point has loaded .env and prepared the database.
 */
export const envConfig = registerAs('env', () => parseEnv(process.env));
