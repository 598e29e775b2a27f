// npm run bench: every *.bench.mjs in this folder (or those whose file name contains one of the
// arguments), one after another. Each benchmark's output is echoed and, when it succeeds, becomes
// its section of docs/benchmarks.md (with the machine and the date), between markers; sections of
// benchmarks not run this time are kept as they were.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const reportFile = path.join(dir, '..', '..', 'docs', 'benchmarks.md');
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => !wanted.length || wanted.some((name) => file.includes(name)))
  .sort();

const INTRO = `# Benchmarks

\`npm run bench\` runs every \`test/bench/*.bench.mjs\`; \`npm run bench -- card\` (any part of a file
name) runs one. Each benchmark builds the app if needed, starts PostgreSQL (embedded in a temporary
folder, or a fresh database on the server of \`DATABASE_URL\`), loads its data with SQL, starts the
compiled API as a real process (\`node dist/main.js\`), drives it over HTTP and prints what it
measured. Nothing in \`npm test\` asserts a time.

This file is written by \`npm run bench\`: each section below is the text of
\`test/bench/<name>.bench.md\` followed by what the benchmark printed, with the machine and the date
of that run. The text describes the default settings (\`BENCH_*\` variables change them, e.g.
\`BENCH_SECONDS\` the length of each run); the printed lines say what each run used.

Each hot path is measured twice in the same run, with the same load generator settings, on the same
database: through the product, and through a bare equivalent the benchmark starts itself
(\`test/bench/bare.mjs\`: a plain \`node:http\` server with its own \`pg\` pool of the API's size and
the same SQL, no framework). The lines \`<path>: product N/s, bare M/s, ratio R\` give both rates,
their ratio and each server's CPU per request; the \`goal:\` lines hold them against the goals, and
\`npm run bench\` ends with all of them in one table. The framework floor (a no-op route in an app
built by the product's own \`createHttpApp\`, next to the same no-op on \`node:http\`) is what no
path can exceed. \`BENCH_PROFILE=1\` runs the API with \`--cpu-prof\` and prints, when it stops, its
CPU self time by package, the product's own files, Node internals, GC and idle. A benchmark that fails leaves its previous section in place.
The API, PostgreSQL and the load generator share the machine, so every figure is a lower bound for
a deployment where they do not. What the figures mean for capacity planning is in
[scalability.md](scalability.md).
`;

const machine = () => {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
};

const markers = (name) => [`<!-- bench:${name}:start -->`, `<!-- bench:${name}:end -->`];

/** The sections already in docs/benchmarks.md, by benchmark name. */
function readSections() {
  const sections = new Map();
  if (!existsSync(reportFile)) return sections;
  const text = readFileSync(reportFile, 'utf8');
  for (const match of text.matchAll(/<!-- bench:([\w.-]+):start -->[\s\S]*?<!-- bench:\1:end -->/g)) sections.set(match[1], match[0]);
  return sections;
}

function section(name, output) {
  const [start, end] = markers(name);
  const notesFile = path.join(dir, `${name}.bench.md`);
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : `## ${name} (\`${name}.bench.mjs\`)`;
  const measured = `Measured on ${new Date().toISOString().slice(0, 10)} by \`npm run bench\`, on ${machine()}:`;
  return `${start}\n${notes}\n\n${measured}\n\n\`\`\`\n${output.trimEnd()}\n\`\`\`\n${end}`;
}

/** Runs one benchmark, echoing its output; resolves with the output and whether it succeeded. */
function runBench(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => resolve({ output, ok: code === 0 }));
  });
}

/** The final table: every `goal: what | measured | target | verdict` line the benchmarks printed. */
function printGoals(goals) {
  if (!goals.length) return;
  const rows = goals.map((line) => line.slice('goal: '.length).split(' | '));
  const width = (i) => Math.max(...rows.map((row) => row[i].length));
  console.log('\nsummary of the goals (product next to bare unless a unit is given):');
  for (const [what, measured, target, verdict] of rows) {
    console.log(`  ${what.padEnd(width(0))}  ${measured.padStart(width(1))}  goal ${target.padEnd(width(2))}  ${verdict}`);
  }
}

const sections = readSections();
const goals = [];
let failed = 0;
for (const file of benches) {
  const name = file.replace(/\.bench\.mjs$/, '');
  console.log(`\n== ${file} ==`);
  const { output, ok } = await runBench(file);
  goals.push(...output.split('\n').filter((line) => line.startsWith('goal: ')).map((line) => (ok ? line : `${line} (the benchmark failed)`)));
  if (!ok) {
    failed += 1;
    continue;
  }
  sections.set(name, section(name, output));
  const ordered = [...sections.keys()].sort().map((key) => sections.get(key));
  writeFileSync(reportFile, `${INTRO}\n${ordered.join('\n\n')}\n`);
}
printGoals(goals);
console.log(`\n${benches.length} benchmark(s), ${failed} failed${benches.length > failed ? `; ${path.relative(process.cwd(), reportFile)} updated` : ''}`);
process.exitCode = failed ? 1 : 0;
