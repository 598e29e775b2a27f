import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Document, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { claimsTable } from '../../src/platform/auth/claims-table';
import { ORIGINAL_CONTRACTS_TAG, TAGS } from '../../src/platform/http/openapi';
import { ROOT } from '../support/node-process';

const run = promisify(execFile);

// The document is exported by the built CLI: the Swagger plugin that reads DTO types and comments
// runs in the nest build, not in jest's transform.
describe('docs/openapi.json', () => {
  let fresh: Record<string, any>;
  let freshErrors: string;

  beforeAll(async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
    const errors = path.join(path.dirname(out), 'errors.md');
    copyFileSync(path.join(ROOT, 'docs', 'errors.md'), errors);
    const { stdout } = await run(process.execPath, ['dist/cli.js', 'openapi:export', '--out', out, '--errors', errors], { cwd: ROOT, env: { ...process.env, DATA_DIR: path.dirname(out) } });
    expect(stdout).toMatch(/^Wrote .*openapi\.json \(\d+ operations\)\.\nWrote the table of .*errors\.md\.\n$/);
    fresh = JSON.parse(readFileSync(out, 'utf8'));
    freshErrors = readFileSync(errors, 'utf8');
  });

  it('is current: regenerate it with npm run openapi', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'))).toEqual(fresh);
  });

  it('comes with a current claims-per-route table (docs/claims.md)', () => {
    const table = readFileSync(path.join(ROOT, 'docs', 'claims.md'), 'utf8');
    expect(table).toBe(claimsTable(fresh as Parameters<typeof claimsTable>[0]));
    expect(table).toContain('| POST | `/api/v1/telemetry/photo` | `telemetry:write` | admin, device |');
    expect(table).toContain('| GET | `/health/live` | public | anyone |');
  });

  it('comes with a current table of error codes (docs/errors.md) that lists every code the source raises', () => {
    const table = readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
    expect(table).toBe(freshErrors);
    const documented = new Set([...table.matchAll(/^\| `([A-Z_]+)` \| \d{3} \|/gm)].map(([, code]) => code));
    // Read from the source as text, so that a code raised from a module the document does not load is seen too.
    const raised = new Set<string>();
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) return name === 'generated' ? [] : sources(file);
        return file.endsWith('.ts') && !file.endsWith('.spec.ts') ? [file] : [];
      });
    for (const file of sources(path.join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of [/domainError\(\s*\d{3},\s*'([A-Z_]+)'/g, /notFoundError\('[^']+', '([A-Z_]+)'\)/g, /\bcode: '([A-Z][A-Z_]+)'/g, /^\s*\d{3}: \['([A-Z_]+)',/gm]) {
        for (const [, code] of text.matchAll(pattern)) raised.add(code);
      }
    }
    // The example in the comment of notFoundError; the problem filter's fallback for a 4xx status no route raises.
    for (const unraised of ['ORDER_NOT_FOUND', 'HTTP_ERROR']) raised.delete(unraised);
    expect([...raised].filter((code) => !documented.has(code)).sort()).toEqual([]);
    expect(['INVALID_PHOTO', 'PHOTO_CONFLICT', 'PHOTO_TOO_LARGE'].filter((code) => !documented.has(code))).toEqual([]);
  });

  it('shows each error answer with an example of its own status and a code the product answers with it', () => {
    // The codes of docs/errors.md, by status.
    const codes = new Map<string, Set<number>>();
    for (const [, names, status] of readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8').matchAll(/^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \| (\d{3}) \|/gm)) {
      for (const name of names.match(/[A-Z_]+/g)!) codes.set(name, new Set([...(codes.get(name) ?? []), Number(status)]));
    }
    let answers = 0;
    for (const [route, item] of Object.entries<Record<string, any>>(fresh.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
          const problem = response.content?.['application/problem+json'];
          if (!problem) continue;
          answers++;
          const { example } = problem;
          expect({ at: `${method} ${route} ${status}`, status: example?.status, known: codes.get(example?.code)?.has(Number(status)) }).toEqual({ at: `${method} ${route} ${status}`, status: Number(status), known: true });
          expect(example.type).toBe(`urn:benefits-platform:problem:${example.code.toLowerCase().replace(/_/g, '-')}`);
        }
      }
    }
    expect(answers).toBeGreaterThan(300);
    expect(fresh.paths['/api/v1/auth/login'].post.responses['401'].content['application/problem+json'].example.code).toBe('INVALID_CREDENTIALS');
  });

  it('pre-fills no optional filter in Swagger UI: its example is in the description', () => {
    const prefilled: string[] = [];
    for (const [route, item] of Object.entries<Record<string, any>>(fresh.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'query' && !parameter.required && (parameter.example !== undefined || parameter.schema?.example !== undefined)) prefilled.push(`${method} ${route} ${parameter.name}`);
        }
      }
    }
    expect(prefilled).toEqual([]);
    const email = fresh.paths['/api/v1/users'].get.parameters.find((parameter: { name: string }) => parameter.name === 'email');
    expect(email.description).toMatch(/Example: `souza`\.$/);
  });

  it('declares the bearer scheme, the problem body and the operations endpoints', () => {
    expect(fresh.info.title).toBe('Benefits Platform API');
    expect(fresh.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.any(String) });
    expect(fresh.components.schemas.ProblemDto.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']));
    expect(fresh.components.schemas.ProblemDto.properties.code.example).toBe('VALIDATION_FAILED');
    expect(Object.keys(fresh.paths).sort()).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
  });

  it("passes Spectral's spectral:oas ruleset without a single problem, hints included", async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] });
    const problems = await spectral.run(new Document(JSON.stringify(fresh), Json, 'openapi.json'));
    expect(problems.map((problem) => `${problem.code} at ${problem.path.join('.')}: ${problem.message}`)).toEqual([]);
  });

  it('declares its tags, business first and operations last, each with a description', () => {
    const used = new Set(Object.values<Record<string, any>>(fresh.paths).flatMap((item) => Object.values<any>(item).flatMap((operation) => operation.tags ?? [])));
    expect(fresh.tags).toEqual(TAGS);
    expect(fresh.tags.map((tag: { name: string }) => tag.name).sort()).toEqual([...used].sort());
    expect(fresh.tags.at(-1).name).toBe('operations');
  });

  it("documents the original contracts' paths as the operations they are served by", () => {
    const originals = { '/transactions': '/api/v1/transactions', '/api/cashback': '/api/v1/cashback', '/telemetry/gyroscope': '/api/v1/telemetry/gyroscope', '/telemetry/gps': '/api/v1/telemetry/gps', '/telemetry/batch': '/api/v1/telemetry/batch', '/telemetry/photo': '/api/v1/telemetry/photo' };
    for (const [original, target] of Object.entries(originals)) {
      const { post, ...others } = fresh.paths[original];
      expect({ original, others }).toEqual({ original, others: {} });
      const served = fresh.paths[target].post;
      expect(post.tags).toEqual([ORIGINAL_CONTRACTS_TAG]);
      expect(post.operationId).toBe(`${served.operationId}_originalContract`);
      expect({ requestBody: post.requestBody, responses: post.responses, security: post.security }).toEqual({ requestBody: served.requestBody, responses: served.responses, security: served.security });
    }
  });
});
