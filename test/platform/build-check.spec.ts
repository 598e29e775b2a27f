import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/node-process';

// scripts/ensure-build.mjs, the check in front of `npm start`, `npm run cli` and the tests, run on
// a copy of the project's build set-up around two small sources, with the real `nest build`.
describe('build check (scripts/ensure-build.mjs)', () => {
  let project: string;
  const file = (name: string) => path.join(project, name);
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(file(name)), { recursive: true });
    writeFileSync(file(name), text);
  };
  const ensureBuild = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['scripts/ensure-build.mjs', ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** Changes a file (`undefined` removes it), runs `check`, and puts the file back as it was. */
  const whileChanged = (name: string, content: string | undefined, check: () => void) => {
    const original = readFileSync(file(name));
    if (content === undefined) rmSync(file(name));
    else writeFileSync(file(name), content);
    try {
      check();
    } finally {
      writeFileSync(file(name), original);
    }
  };
  /** The check's verdict: 'fresh', or the reason it gives for building. */
  const verdict = () => {
    const { code, stderr } = ensureBuild('--check');
    if (code === 0) return 'fresh';
    expect(code).toBe(1);
    return stderr.trim();
  };

  beforeAll(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'build-check-'));
    for (const name of ['scripts/ensure-build.mjs', 'tsconfig.json', 'nest-cli.json']) {
      mkdirSync(path.dirname(file(name)), { recursive: true });
      copyFileSync(path.join(ROOT, name), file(name));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), file('node_modules'));
    write('src/main.ts', 'export const entry = "api";\n');
    write('src/cli.ts', 'export const entry = "cli";\n');
    write('src/rules.spec.ts', '// a unit spec: not part of the build\n');
    write('package-lock.json', '{ "lockfileVersion": 3 }\n');
    write('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n');
  });

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('builds when there was no build, and only then; the build says so on stderr, never stdout', () => {
    expect(verdict()).toBe('dist/ is stale: no finished build');

    const first = ensureBuild();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('build: no finished build; building dist/');
    expect(first.stdout).toBe('');
    expect(readFileSync(file('dist/main.js'), 'utf8')).toContain('"api"');
    expect(verdict()).toBe('fresh');

    const builtAt = statSync(file('dist/main.js')).mtimeMs;
    const second = ensureBuild();
    expect(second).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(statSync(file('dist/main.js')).mtimeMs).toBe(builtAt);
  });

  it('a touched file whose content is the same, or an edited unit spec, needs no build', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(file('src/main.ts'), later, later);
    appendFileSync(file('src/rules.spec.ts'), '// edited\n');
    expect(verdict()).toBe('fresh');
  });

  it('an edited source is stale until built, and the new build carries the edit', () => {
    write('src/main.ts', 'export const entry = "api, edited";\n');
    expect(verdict()).toBe('dist/ is stale: 1 input changed since the last build: src/main.ts (changed)');

    const rebuild = ensureBuild();
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toContain('build: 1 input changed since the last build: src/main.ts (changed); building dist/');
    expect(readFileSync(file('dist/main.js'), 'utf8')).toContain('"api, edited"');
    expect(verdict()).toBe('fresh');
  });

  it.each([
    ['tsconfig.json', '\n'],
    ['nest-cli.json', '\n'],
    ['package-lock.json', '\n'],
    ['prisma/schema.prisma', 'model Thing {\n  id Int @id\n}\n'],
  ])('a change to %s is stale, and undoing it is fresh again', (name, addition) => {
    whileChanged(name, readFileSync(file(name), 'utf8') + addition, () => {
      expect(verdict()).toBe(`dist/ is stale: 1 input changed since the last build: ${name} (changed)`);
    });
    expect(verdict()).toBe('fresh');
  });

  it('an added or removed source is stale', () => {
    write('src/platform/new-thing.ts', 'export const thing = 1;\n');
    expect(verdict()).toBe('dist/ is stale: 1 input changed since the last build: src/platform/new-thing.ts (added)');
    rmSync(file('src/platform'), { recursive: true });
    expect(verdict()).toBe('fresh');

    whileChanged('src/cli.ts', undefined, () => {
      expect(verdict()).toBe('dist/ is stale: 1 input changed since the last build: src/cli.ts (removed)');
    });
  });

  it('a missing entry point in dist/ is stale', () => {
    whileChanged('dist/main.js', undefined, () => {
      expect(verdict()).toBe('dist/ is stale: dist/main.js is missing');
    });
    expect(verdict()).toBe('fresh');
  });

  it('a failed build leaves dist/ stale, so the next check builds again', () => {
    whileChanged('src/main.ts', 'export const entry: number = "not a number";\n', () => {
      const failed = ensureBuild();
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain('TS2322');
      expect(failed.stderr).toContain('build: failed');
      expect(verdict()).toBe('dist/ is stale: no finished build');
    });
    expect(ensureBuild().code).toBe(0);
    expect(verdict()).toBe('fresh');
  });

  it('--force builds a current dist/; an unknown option is refused', () => {
    const forced = ensureBuild('--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('build: build requested; building dist/');
    expect(verdict()).toBe('fresh');

    const wrong = ensureBuild('--chek');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('usage: node scripts/ensure-build.mjs [--check | --force]\n');
  });
});
