import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { claimsTable } from '../../src/platform/auth/claims-table';
import { ROOT } from '../support/node-process';

const run = promisify(execFile);

// The document is exported by the built CLI: the Swagger plugin that reads DTO types and comments
// runs in the nest build, not in jest's transform.
describe('docs/openapi.json', () => {
  let fresh: Record<string, any>;

  beforeAll(async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json');
    const { stdout } = await run(process.execPath, ['dist/cli.js', 'openapi:export', '--out', out], { cwd: ROOT, env: { ...process.env, DATA_DIR: path.dirname(out) } });
    expect(stdout).toMatch(/^Wrote .*openapi\.json \(\d+ operations\)\.\n$/);
    fresh = JSON.parse(readFileSync(out, 'utf8'));
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

  it('declares the bearer scheme, the problem body and the operations endpoints', () => {
    expect(fresh.info.title).toBe('Benefits Platform API');
    expect(fresh.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.any(String) });
    expect(fresh.components.schemas.ProblemDto.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']));
    expect(fresh.components.schemas.ProblemDto.properties.code.example).toBe('VALIDATION_FAILED');
    expect(Object.keys(fresh.paths).sort()).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
  });
});
