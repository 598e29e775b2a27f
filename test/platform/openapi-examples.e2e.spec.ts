import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { ROOT } from '../support/node-process';
import { sampleOf } from '../support/openapi-sample';

const PASSWORD = 'Demo-password-for-tests-1';
const document = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'));

type Operation = { operationId: string; tags: string[]; parameters?: Parameter[]; requestBody?: { content: Record<string, MediaType> }; security?: unknown[] };
type Parameter = { name: string; in: string; required?: boolean; example?: unknown; schema?: { example?: unknown } };
type MediaType = { example?: unknown; examples?: Record<string, { value: unknown }>; schema?: unknown };

interface Call {
  at: string;
  method: string;
  url: string;
  body?: unknown;
}

/**
 * What a person in Swagger UI executes: the path and required query parameters from their examples,
 * the JSON body from each of its examples. An operation with a required parameter that has no example
 * (an id only the caller knows) has nothing to execute as documented.
 */
function documentedCalls(): { calls: Call[]; skipped: string[] } {
  const calls: Call[] = [];
  const skipped: string[] = [];
  for (const [route, item] of Object.entries<Record<string, Operation>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${route}`;
      let url = route;
      const query: string[] = [];
      let executable = true;
      for (const parameter of operation.parameters ?? []) {
        const example = parameter.example ?? parameter.schema?.example;
        if (parameter.in === 'path') {
          if (example === undefined) executable = false;
          else url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(example)));
        } else if (parameter.in === 'query' && parameter.required) {
          if (example === undefined) executable = false;
          else query.push(`${parameter.name}=${encodeURIComponent(String(example))}`);
        }
      }
      if (!executable) {
        skipped.push(at);
        continue;
      }
      if (query.length) url += `?${query.join('&')}`;
      const json = operation.requestBody?.content['application/json'];
      const bodies = json ? (json.examples ? Object.values(json.examples).map((example) => example.value) : [json.example ?? sampleOf(json.schema as never, document)]) : [undefined];
      for (const body of bodies) calls.push({ at, method, url, body });
    }
  }
  return { calls, skipped };
}

// Writes before reads, so that a read shows what the examples made; deletes last, as they end things.
const ORDER = ['post', 'put', 'patch', 'get', 'delete'];

describe('the API document examples, executed against the demo data', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { DEMO_ADMIN_PASSWORD: PASSWORD } });
    await t.app.get(SeedService).run();
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'admin@demo.local', password: PASSWORD });
    token = login.body.accessToken;
  });

  afterAll(() => t.close());

  it('answer 2xx as the demo administrator, each of them', async () => {
    const { calls, skipped } = documentedCalls();
    const failed: string[] = [];
    const sorted = [...calls].sort((a, b) => ORDER.indexOf(a.method) - ORDER.indexOf(b.method));
    for (const call of sorted) {
      // A card authorization answers 200 whatever the outcome: its example must be approved (00).
      // What a person pastes in: the install's own demo password, and a refresh token from a login.
      if (call.url === '/api/v1/auth/login') call.body = { ...(call.body as object), password: PASSWORD };
      if (call.url === '/api/v1/auth/refresh' || call.url === '/api/v1/auth/logout') {
        const login = await t.http.post('/api/v1/auth/login').send({ email: 'admin@demo.local', password: PASSWORD });
        call.body = { ...(call.body as object), refreshToken: login.body.refreshToken };
      }
      const response = await t.http[call.method as 'get'](call.url).set({ Authorization: `Bearer ${token}` }).send(call.body as object);
      if (response.status >= 300 || (['/transactions', '/api/v1/transactions'].includes(call.url) && response.body.code !== '00')) failed.push(`${call.at} ${JSON.stringify(call.body)} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
    }
    expect(failed).toEqual([]);
    expect(calls.length).toBeGreaterThan(40);
    expect(skipped.length).toBeLessThan(calls.length);
  });
});
