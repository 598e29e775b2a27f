import { Body, Controller, Delete, Get, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import type { Response } from 'supertest';
import { PrismaService } from '../../src/platform/database/prisma.service';
import { DomainError } from '../../src/platform/http/domain-error';
import { Public } from '../../src/platform/auth/public.decorator';
import { createTestApp, TestApp } from '../support/app';

class ItemDto {
  @IsInt()
  @Min(1)
  qty: number;
}

class ProbeDto {
  @IsEmail()
  email: string;

  @IsString()
  @MinLength(2)
  name: string;

  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items: ItemDto[];
}

class ProbeMissing extends DomainError {
  readonly code = 'PROBE_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Probe not found';
}

/** Routes that exist only in this test, to drive the global pipe and filter through real requests. */
@Public()
@Controller('probe')
class ProbeController {
  constructor(private readonly prisma: PrismaService) {}

  @Post()
  create(@Body() body: ProbeDto) {
    return { received: body, isDto: body instanceof ProbeDto };
  }

  @Get('missing/:id')
  missing(@Param('id', ParseIntPipe) id: number) {
    throw new ProbeMissing(`Probe ${id} does not exist.`);
  }

  @Get('crash')
  crash() {
    throw new Error('password=hunter2 leaked');
  }

  @Post('roles/:description')
  async role(@Param('description') description: string) {
    return this.prisma.role.create({ data: { description } });
  }

  @Delete('roles/:id')
  async deleteRole(@Param('id', ParseIntPipe) id: number) {
    return this.prisma.role.delete({ where: { id } });
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP platform (e2e)', () => {
  let t: TestApp;
  let http: TestApp['http'];

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: '2kb' }, imports: [ProbeModule] });
    http = t.http;
  });

  afterAll(() => t.close());

  const expectProblem = (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:benefits-platform:problem:/), title: expect.any(String), detail: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  it('accepts a valid body and turns it into the DTO', async () => {
    const res = await http.post('/api/v1/probe').send({ email: 'a@b.co', name: 'Ana', items: [{ qty: 2 }] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: { email: 'a@b.co', name: 'Ana', items: [{ qty: 2 }] }, isDto: true });
  });

  it('names each invalid field, nested ones by path, and refuses unknown fields', async () => {
    const res = await http.post('/api/v1/probe').send({ email: 'nope', name: 'A', items: [{ qty: 0 }], admin: true });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const names = res.body.invalidParams.map((param: { name: string }) => param.name).sort();
    expect(names).toEqual(['admin', 'email', 'items[0].qty', 'name']);
    expect(res.body.invalidParams.find((p: { name: string }) => p.name === 'admin').reasons).toEqual(['property admin should not exist']);
  });

  it('answers broken JSON with 400 and an oversized body with 413', async () => {
    expectProblem(await http.post('/api/v1/probe').set('content-type', 'application/json').send('{"email":'), 400, 'MALFORMED_BODY');
    expectProblem(await http.post('/api/v1/probe').send({ name: 'x'.repeat(4096) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('renders domain errors with their stable code', async () => {
    const res = await http.get('/api/v1/probe/missing/7');
    expectProblem(res, 404, 'PROBE_NOT_FOUND');
    expect(res.body.detail).toBe('Probe 7 does not exist.');
    expectProblem(await http.get('/api/v1/probe/missing/seven'), 400, 'BAD_REQUEST');
  });

  it('maps Prisma unique and not-found errors from a real database', async () => {
    expect((await http.post('/api/v1/probe/roles/auditor')).status).toBe(201);
    const duplicate = await http.post('/api/v1/probe/roles/auditor');
    expectProblem(duplicate, 409, 'ALREADY_EXISTS');
    expect(duplicate.body.detail).toContain('description');
    expectProblem(await http.delete('/api/v1/probe/roles/999999'), 404, 'NOT_FOUND');
  });

  it('answers 500 without internals', async () => {
    const res = await http.get('/api/v1/probe/crash');
    expectProblem(res, 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers unknown routes with ROUTE_NOT_FOUND', async () => {
    const res = await http.get('/api/v1/no-such-thing?x=1');
    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
    expect(res.body.detail).toBe('No route for GET /api/v1/no-such-thing.');
    // Outside the prefix, another version, a doubled slash: the same problem+json, never a page.
    for (const path of ['/nonexistent', '/api/v2/users', '//api/v1/users']) {
      const other = await http.get(path);
      expect({ path, status: other.status, type: other.headers['content-type'], code: other.body.code }).toEqual({
        path,
        status: 404,
        type: 'application/problem+json; charset=utf-8',
        code: 'ROUTE_NOT_FOUND',
      });
    }
  });

  it('answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('{"email":"a@b.c","password":"x"}');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    expect((await http.get('/health/live').set('X-Request-Id', 'trace-42')).headers['x-request-id']).toBe('trace-42');
    expect((await http.get('/health/live').set('X-Request-Id', 'bad id')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('operations endpoints (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });

  afterAll(() => t.close());

  it('reports liveness and readiness with the database checked', async () => {
    expect((await t.http.get('/health/live')).body).toMatchObject({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('exposes Prometheus metrics with request durations by route template', async () => {
    await t.http.get('/health/live');
    await t.http.get('/api/v1/nothing/here');
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} [1-9]/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} [1-9]/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    // The database pool: its size from DATABASE_POOL_SIZE (10 by default), at least one connection opened by now.
    expect(res.text).toMatch(/^db_pool_connections\{state="max"\} 10$/m);
    expect(Number(/^db_pool_connections\{state="open"\} (\d+)$/m.exec(res.text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(res.text).toMatch(/^db_pool_connections\{state="waiting"\} 0$/m);
  });

  it('serves Swagger UI at /docs and the document at /docs-json, and redirects / and /swagger', async () => {
    const json = await t.http.get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(json.body.components.schemas.ProblemDto).toBeDefined();
    const ui = await t.http.get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    expect((await t.http.get('/')).headers.location).toBe('/docs');
    expect((await t.http.get('/swagger')).headers.location).toBe('/docs');
  });

  it('sends security headers, and CORS headers only to configured origins', async () => {
    const allowed = await t.http.get('/health/live').set('Origin', 'https://app.example.com');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['x-powered-by']).toBeUndefined();
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await t.http.get('/health/live').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("answers a path the router cannot decode as problem+json, with the request id and security headers", async () => {
    const res = await t.http.get('/api/v1/users/%E0%A4%A').set('X-Request-Id', 'bad-url-1');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, requestId: 'bad-url-1' });
    expect(res.headers['x-request-id']).toBe('bad-url-1');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('reports the database as down when it is unreachable', async () => {
    const down = await createTestApp({ env: { DATABASE_CONNECT_TIMEOUT_MS: '500' } });
    await down.database.drop();
    const res = await down.http.get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'NOT_READY', detail: 'Unavailable: database.', checks: { database: { status: 'down' } } });
    await down.app.close();
  });
});

describe('rate limiting (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { THROTTLE_LIMIT: '3', THROTTLE_TTL_MS: '60000' }, imports: [ProbeModule] });
  });

  afterAll(() => t.close());

  it('answers 429 problem+json past the limit, and never limits health checks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await t.http.get('/api/v1/probe/missing/1')).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await t.http.get('/api/v1/probe/missing/1');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 5; i += 1) expect((await t.http.get('/health/live')).status).toBe(200);
  });
});
