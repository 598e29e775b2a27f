import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';

const expectMethodNotAllowed = (res: Response, allow: string) => {
  expect({ status: res.status, allow: res.headers.allow, type: res.headers['content-type'], code: res.body.code }).toEqual({
    status: 405,
    allow,
    type: 'application/problem+json; charset=utf-8',
    code: 'METHOD_NOT_ALLOWED',
  });
  expect(res.body).toMatchObject({ status: 405, type: 'urn:benefits-platform:problem:method-not-allowed', title: 'Method not allowed' });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
};

const expectRouteNotFound = (res: Response) => {
  expect({ status: res.status, allow: res.headers.allow, code: res.body.code }).toEqual({ status: 404, allow: undefined, code: 'ROUTE_NOT_FOUND' });
};

describe('a wrong method on a known path (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('answers 405 problem+json with the methods the path serves, HEAD with GET', async () => {
    const res = await t.http.delete('/api/v1/users').set('X-Request-Id', 'wrong-method-1');
    expectMethodNotAllowed(res, 'GET, HEAD, POST');
    expect(res.body.detail).toBe('DELETE is not served at /api/v1/users; it serves GET, HEAD, POST.');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expectMethodNotAllowed(await t.http.put('/api/v1/users/42'), 'GET, HEAD, PATCH, DELETE');
    expectMethodNotAllowed(await t.http.post('/api/v1/customers/00000000-0000-4000-8000-000000000000/events/summary'), 'GET, HEAD');
    // A trailing slash and a query string name the same path.
    expectMethodNotAllowed(await t.http.patch('/api/v1/users/?page=2'), 'GET, HEAD, POST');
  });

  it('answers before authentication, so a caller without a token learns the methods too', async () => {
    expectMethodNotAllowed(await t.http.put('/api/v1/products'), 'GET, HEAD, POST');
    // HEAD really is served with GET: it reaches the route, whose guard wants a token.
    expect((await t.http.head('/api/v1/products')).status).toBe(401);
  });

  it('answers 405 outside the prefix too: operations routes and the docs', async () => {
    expectMethodNotAllowed(await t.http.post('/health/live'), 'GET, HEAD');
    expectMethodNotAllowed(await t.http.delete('/metrics'), 'GET, HEAD');
    expectMethodNotAllowed(await t.http.post('/docs-json'), 'GET, HEAD');
  });

  it("answers 405 on the original contracts' paths, which are served for POST only", async () => {
    for (const path of ['/transactions', '/api/v1/transactions']) {
      // The card network's contract (200 {"code":"07"}) covers requests that reach its route; a GET never does.
      expectMethodNotAllowed(await t.http.get(path), 'POST');
    }
    expectMethodNotAllowed(await t.http.get('/api/cashback'), 'POST');
    expectMethodNotAllowed(await t.http.put('/api/cashback'), 'POST');
    for (const path of ['/telemetry/gps', '/telemetry/gyroscope', '/telemetry/batch', '/telemetry/photo']) {
      expectMethodNotAllowed(await t.http.get(path), 'POST');
    }
  });

  it('still serves POST on the original paths', async () => {
    const processor = await createUserWithClaims(t, ['cards:authorize']);
    const res = await t.http.post('/transactions').set(processor.auth).send({ account: 'nope', totalAmount: 1, mcc: '5411', merchant: 'X' });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { code: '07' } });
  });

  it('keeps 404 ROUTE_NOT_FOUND for paths no method serves', async () => {
    expectRouteNotFound(await t.http.get('/api/v1/no-such-thing'));
    expectRouteNotFound(await t.http.delete('/api/v1/users/42/nothing'));
    expectRouteNotFound(await t.http.post('/api/v2/users'));
    expectRouteNotFound(await t.http.get('/telemetry/readings'));
    const res = await t.http.options('/api/v1/users');
    // Without CORS nothing serves OPTIONS: the path is known, the method is not.
    expectMethodNotAllowed(res, 'GET, HEAD, POST');
  });
});

describe('a wrong method with CORS preflight served (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });

  afterAll(() => t.close());

  it('lists OPTIONS among the allowed methods', async () => {
    expectMethodNotAllowed(await t.http.delete('/api/v1/users'), 'GET, HEAD, POST, OPTIONS');
    expectMethodNotAllowed(await t.http.get('/api/cashback'), 'POST, OPTIONS');
  });

  it('still answers a preflight, and 404 for unknown paths even though OPTIONS matches every path', async () => {
    const preflight = await t.http.options('/api/v1/users').set('Origin', 'https://app.example.com').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expectRouteNotFound(await t.http.get('/api/v1/no-such-thing'));
    expectRouteNotFound(await t.http.delete('/nothing/here'));
  });
});
