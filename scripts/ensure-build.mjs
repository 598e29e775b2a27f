#!/usr/bin/env node
// Builds dist/ when a source file is newer than the last build, so `npm run cli` always runs the
// current code without paying for a full build on every command.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newest(path.join(entry, name))), stat.mtimeMs);
}

const inputs = ['src', 'tsconfig.json', 'nest-cli.json', 'package.json'].map((name) => path.join(root, name));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (inputs.some((input) => existsSync(input) && newest(input) > built)) {
  execFileSync(process.execPath, [path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
