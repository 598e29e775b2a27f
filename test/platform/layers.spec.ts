import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// The floors of src/ (docs/architecture.md#floors): every import of every source file, unit specs
// included, is read with TypeScript's own pre-processor and resolver and checked against them.

const root = path.resolve(__dirname, '..', '..');

/** Folders of src/ that are features. A new top-level folder is refused until it is classified here. */
const FEATURES = ['audit', 'users', 'customers', 'products', 'cashback', 'card-authorization', 'telemetry', 'image-recognition'];

/** Entry points: they wire everything, so they may import anything. */
const ENTRY_FILES = ['src/main.ts', 'src/cli.ts', 'src/app.module.ts'];
const ENTRY_FOLDERS = ['src/cli/', 'src/seed/'];

/** A feature's own parts that no other feature may import: what it serves, stores, maps, consumes or runs. */
const INTERNAL = [/\.controller\.ts$/, /\.repository\.ts$/, /\.consumer\.ts$/, /\.worker\.ts$/, /\/mappers\.ts$/, /^src\/[^/]+\/cli\//];

type Floor = { kind: 'entry' } | { kind: 'platform' } | { kind: 'feature'; name: string } | { kind: 'outside' } | { kind: 'unclassified' };

function floorOf(file: string): Floor {
  if (!file.startsWith('src/')) return { kind: 'outside' };
  if (ENTRY_FILES.includes(file) || ENTRY_FOLDERS.some((folder) => file.startsWith(folder))) return { kind: 'entry' };
  // The Prisma client is generated into src/generated; it belongs with the database platform.
  if (file.startsWith('src/platform/') || file.startsWith('src/generated/')) return { kind: 'platform' };
  const top = file.split('/')[1];
  if (FEATURES.includes(top) && file.includes('/', 'src/'.length)) return { kind: 'feature', name: top };
  return { kind: 'unclassified' };
}

const label = (floor: Floor) => (floor.kind === 'feature' ? `feature ${floor.name}` : floor.kind === 'entry' ? 'an entry point' : floor.kind);

interface Import {
  from: string;
  to: string;
}

/** The broken rules, one line `from -> to: why` each. */
function layerViolations(imports: Import[]): string[] {
  const violations: string[] = [];
  const featureEdges = new Map<string, Map<string, Import[]>>();
  for (const { from, to } of imports) {
    const source = floorOf(from);
    const target = floorOf(to);
    const broken = (why: string) => violations.push(`${from} -> ${to}: ${why}`);
    if (source.kind === 'unclassified') broken(`${from} is on no floor (add its folder to FEATURES or the entry points)`);
    else if (target.kind === 'unclassified') broken(`${to} is on no floor (add its folder to FEATURES or the entry points)`);
    else if (target.kind === 'outside') {
      if (!from.endsWith('.spec.ts')) broken('only unit specs may import code outside src/ (test support)');
    } else if (source.kind === 'platform' && target.kind !== 'platform') broken(`platform imports ${label(target)}`);
    else if (source.kind === 'feature' && target.kind === 'entry') broken('a feature imports an entry point');
    else if (source.kind === 'feature' && target.kind === 'feature' && source.name !== target.name) {
      if (INTERNAL.some((pattern) => pattern.test(to))) broken(`feature ${source.name} imports an internal part of feature ${target.name}`);
      const edges = featureEdges.get(source.name) ?? new Map<string, Import[]>();
      edges.set(target.name, [...(edges.get(target.name) ?? []), { from, to }]);
      featureEdges.set(source.name, edges);
    }
  }
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>();
    const walk = (at: string): boolean => {
      if (at === goal) return true;
      if (seen.has(at)) return false;
      seen.add(at);
      return [...(featureEdges.get(at)?.keys() ?? [])].some(walk);
    };
    return walk(start);
  };
  for (const [source, edges] of featureEdges) {
    for (const [target, along] of edges) {
      if (!reaches(target, source)) continue;
      for (const { from, to } of along) violations.push(`${from} -> ${to}: feature ${source} imports feature ${target}, which imports it back (a cycle)`);
    }
  }
  return violations;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

const compilerOptions = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, root).options;

/** Every relative import (static, dynamic, require, re-export, type-only) of the hand-written sources. */
function sourceImports(): { imports: Import[]; unresolved: string[] } {
  const imports: Import[] = [];
  const unresolved: string[] = [];
  for (const from of sourceFiles('src').filter((file) => !file.startsWith('src/generated/'))) {
    const absolute = path.join(root, from);
    for (const { fileName } of ts.preProcessFile(readFileSync(absolute, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(fileName, absolute, compilerOptions, ts.sys).resolvedModule;
      if (!resolved) unresolved.push(`${from} -> ${fileName}`);
      else imports.push({ from, to: path.relative(root, resolved.resolvedFileName).split(path.sep).join('/') });
    }
  }
  return { imports, unresolved };
}

describe('the floors of src/', () => {
  const { imports, unresolved } = sourceImports();

  it('reads the imports of every source file', () => {
    expect(unresolved).toEqual([]);
    // The reader found the app's wiring, so an empty list of violations below means something.
    expect(imports).toContainEqual({ from: 'src/app.module.ts', to: 'src/users/users.module.ts' });
  });

  it('platform imports only platform; features import platform and other features but no internals, no entry points and no cycle', () => {
    expect(layerViolations(imports)).toEqual([]);
  });

  it('reports each kind of broken rule', () => {
    expect(
      layerViolations([
        { from: 'src/platform/http/a.ts', to: 'src/app.module.ts' },
        { from: 'src/platform/b.ts', to: 'src/users/users.service.ts' },
        { from: 'src/users/cli/users.commands.ts', to: 'src/cli/cli.module.ts' },
        { from: 'src/users/c.ts', to: 'src/seed/seed.module.ts' },
        { from: 'src/cashback/d.ts', to: 'src/customers/customers.repository.ts' },
        { from: 'src/cashback/e.ts', to: 'src/products/products.service.ts' },
        { from: 'src/products/f.ts', to: 'src/cashback/cashback-rules.ts' },
        { from: 'src/products/dto/g.ts', to: 'src/cashback/cashback-rules.ts' },
        { from: 'src/image-recognition/h.ts', to: 'src/telemetry/readings.consumer.ts' },
        { from: 'src/telemetry/g.ts', to: 'test/support/images.ts' },
        { from: 'src/telemetry/g.spec.ts', to: 'test/support/images.ts' },
        { from: 'src/elsewhere/h.ts', to: 'src/platform/money.ts' },
        { from: 'src/main.ts', to: 'src/cashback/delivery-target.ts' },
        { from: 'src/customers/i.ts', to: 'src/audit/audit.service.ts' },
      ]),
    ).toEqual([
      'src/platform/http/a.ts -> src/app.module.ts: platform imports an entry point',
      'src/platform/b.ts -> src/users/users.service.ts: platform imports feature users',
      'src/users/cli/users.commands.ts -> src/cli/cli.module.ts: a feature imports an entry point',
      'src/users/c.ts -> src/seed/seed.module.ts: a feature imports an entry point',
      'src/cashback/d.ts -> src/customers/customers.repository.ts: feature cashback imports an internal part of feature customers',
      'src/image-recognition/h.ts -> src/telemetry/readings.consumer.ts: feature image-recognition imports an internal part of feature telemetry',
      'src/telemetry/g.ts -> test/support/images.ts: only unit specs may import code outside src/ (test support)',
      'src/elsewhere/h.ts -> src/platform/money.ts: src/elsewhere/h.ts is on no floor (add its folder to FEATURES or the entry points)',
      'src/cashback/e.ts -> src/products/products.service.ts: feature cashback imports feature products, which imports it back (a cycle)',
      'src/products/f.ts -> src/cashback/cashback-rules.ts: feature products imports feature cashback, which imports it back (a cycle)',
      'src/products/dto/g.ts -> src/cashback/cashback-rules.ts: feature products imports feature cashback, which imports it back (a cycle)',
    ]);
  });
});
