import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The product version, from package.json (src/ and dist/ both sit one level below it). */
export const APP_VERSION: string = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;
