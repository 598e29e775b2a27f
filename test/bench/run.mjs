// npm run bench: every *.bench.mjs in this folder (or those named as arguments), one after another.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => !wanted.length || wanted.some((name) => file.includes(name)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file} ==`);
  try {
    execFileSync(process.execPath, [path.join(dir, file)], { stdio: 'inherit' });
  } catch {
    failed += 1;
  }
}
console.log(`\n${benches.length} benchmark(s), ${failed} failed`);
process.exitCode = failed ? 1 : 0;
