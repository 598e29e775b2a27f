#!/usr/bin/env node
// The one build check in front of `npm start`, `npm run cli`, the tests and the benchmarks: builds
// dist/ only when a build input changed since the last build, so a start with nothing changed pays
// for no compilation. The last build's inputs are fingerprinted in dist/.build-stamp (one content
// hash per file), written after every build; a file touched but not changed is not a change.
//
//   node scripts/ensure-build.mjs           build when stale
//   node scripts/ensure-build.mjs --check   exit 0 when dist/ is current, 1 (saying why) when stale
//   node scripts/ensure-build.mjs --force   build whatever the stamp says (`npm run build`)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
const SCHEMA = 'prisma/schema.prisma';
const OUTPUTS = ['dist/main.js', 'dist/cli.js'];

// What `nest build` reads: the sources (unit specs are excluded by tsconfig.json, so editing one
// needs no build), the compiler and Nest CLI settings, and the installed dependencies (through the
// lockfile). The schema comes in through the Prisma client generated from it into src/generated.
function inputFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (!entry.name.endsWith('.spec.ts')) files.push(relative);
    }
  };
  if (existsSync(path.join(root, 'src'))) walk('src');
  const top = readdirSync(root).filter((name) => /^tsconfig.*\.json$/.test(name) || name === 'nest-cli.json' || name === 'package-lock.json');
  return [...files, ...top, ...(existsSync(path.join(root, SCHEMA)) ? [SCHEMA] : [])].sort();
}

function fingerprint() {
  return Object.fromEntries(inputFiles().map((file) => [file, createHash('sha256').update(readFileSync(path.join(root, file))).digest('base64url')]));
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why dist/ must be built, or undefined when it is current. */
function staleness(stamp, current) {
  if (!stamp?.inputs) return 'no finished build';
  const missing = OUTPUTS.find((output) => !existsSync(path.join(root, output)));
  if (missing) return `${missing} is missing`;
  const changes = [
    ...Object.keys(current).filter((file) => !(file in stamp.inputs)).map((file) => `${file} (added)`),
    ...Object.keys(stamp.inputs).filter((file) => !(file in current)).map((file) => `${file} (removed)`),
    ...Object.keys(current).filter((file) => file in stamp.inputs && stamp.inputs[file] !== current[file]).map((file) => `${file} (changed)`),
  ];
  if (!changes.length) return undefined;
  const shown = changes.slice(0, 3).join(', ');
  return `${changes.length === 1 ? '1 input' : `${changes.length} inputs`} changed since the last build: ${shown}${changes.length > 3 ? ', ...' : ''}`;
}

// Build output goes to stderr: `npm run cli` commands write their results to stdout.
function run(script, args) {
  try {
    execFileSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: ['ignore', 2, 2] });
  } catch (error) {
    console.error(`build: failed (${[script, ...args].join(' ')} ended with ${error.status ?? error.signal ?? error.message})`);
    process.exit(error.status || 1);
  }
}

const mode = process.argv[2];
if (mode !== undefined && mode !== '--check' && mode !== '--force') {
  console.error(`usage: node scripts/ensure-build.mjs [--check | --force]`);
  process.exit(2);
}
const stamp = readStamp();
let current = fingerprint();
const reason = mode === '--force' ? 'build requested' : staleness(stamp, current);
if (mode === '--check') {
  if (reason) console.error(`dist/ is stale: ${reason}`);
  process.exit(reason ? 1 : 0);
}
if (reason) {
  const startedAt = performance.now();
  console.error(`build: ${reason}; building dist/`);
  if (stamp?.inputs && stamp.inputs[SCHEMA] !== current[SCHEMA]) {
    // The schema changed since the last build: the client in src/generated may predate it.
    run('scripts/postinstall.mjs', []);
    current = fingerprint();
  }
  // A build cut short leaves no stamp behind, so the next check builds again.
  rmSync(stampFile, { force: true });
  run('node_modules/@nestjs/cli/bin/nest.js', ['build']);
  writeFileSync(stampFile, `${JSON.stringify({ builtAt: new Date().toISOString(), node: process.version, inputs: current }, null, 1)}\n`);
  console.error(`build: done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
}
