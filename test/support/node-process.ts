import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Calls an exported async function of the compiled product (dist/, built by the global setup) in a
 * plain Node process. For code jest workers cannot run: Prisma's WebAssembly schema engine is loaded
 * with a dynamic import(), which jest's module sandbox refuses.
 */
export async function callCompiled<T>(distModule: string, exportName: string, ...args: unknown[]): Promise<T> {
  const script = `
    const mod = require(${JSON.stringify(path.join(ROOT, 'dist', distModule))});
    mod[${JSON.stringify(exportName)}](...${JSON.stringify(args)}).then(
      (value) => process.stdout.write(JSON.stringify({ value: value === undefined ? null : value })),
      (error) => process.stdout.write(JSON.stringify({ error: error.message })),
    );`;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT, timeout: 60_000 });
  const result = JSON.parse(stdout) as { value?: T; error?: string };
  if (result.error !== undefined) throw new Error(result.error);
  return result.value as T;
}
