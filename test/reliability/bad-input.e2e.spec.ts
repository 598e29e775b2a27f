import type { Response } from 'supertest';
import { Claim, ClaimName } from '../../src/platform/auth/claims';
import { contractFor, routeAliases, routeBodyLimits } from '../../src/platform/http/route-contracts';
import { MAX_PHOTO_BYTES } from '../../src/image-recognition/image-inspection';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { scenePhoto } from '../support/images';
import { BadRequest, badRequestsFor, METHODS, Method, OpenApiDocument, Parameter, resolve, sampleOf, toJson } from '../support/bad-requests';

/**
 * Bad input never breaks the API: for every operation of the live OpenAPI document (so routes
 * added later are covered without touching this file), requests with malformed bodies, path ids,
 * query strings and content types, sent by a caller holding every claim the route needs, are
 * answered with a 4xx problem+json (or a 2xx when the input happens to be acceptable), never a 5xx.
 * Routes kept on an older external contract (registerRouteContract, e.g. the card authorizer's
 * 200 {"code": "07"}) must answer as that contract says instead.
 */

const BODY_LIMIT = '1mb';
const CONCURRENCY = 6;
/** Below this many requests the generator has stopped seeing the document: fail loudly. */
const MIN_REQUESTS = 2500;

const toBytes = (limit: string) => {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(limit)!;
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
};

interface Answer {
  request: BadRequest;
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  requestIdHeader?: string;
  text: string;
}

function send(t: TestApp, caller: TestUser, request: BadRequest): Promise<Response> {
  let call = t.http[request.method](request.url).set(caller.auth).set(request.headers);
  const body = request.body;
  if (!body) return call;
  switch (body.as) {
    case 'json':
      return call.set('Content-Type', 'application/json').send(toJson(body.value));
    case 'raw':
      if (body.contentEncoding) call = call.set('Content-Encoding', body.contentEncoding);
      if (!body.contentType) return call;
      return call.set('Content-Type', body.contentType).send(body.data);
    case 'multipart':
      for (const [name, value] of body.fields) call = call.field(name, value);
      for (const file of body.files) call = call.attach(file.field, file.content, { filename: file.filename, contentType: file.contentType });
      return call;
  }
}

/** The path a request reaches once an old contract's alias is rewritten (as configureHttp does). */
function routedPath(url: string): string {
  const path = url.split('?')[0];
  return routeAliases()[path] ?? path;
}

/** The answer a route on an older external contract gives to bad input, when it has one. */
const contractAnswerFor = (url: string) => contractFor({ path: routedPath(url), url: routedPath(url) })?.onError(400);

const names = (body: Record<string, unknown>) => ((body.invalidParams as Array<{ name?: unknown }> | undefined) ?? []).map((p) => String(p.name));

/** Whether a refused field is named: itself, a field inside it, or the object that holds it. */
const namesField = (body: Record<string, unknown>, field: string) =>
  names(body).some((name) => [name, field].some((a) => [name, field].some((b) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`))));

/** What is wrong with an answer, or nothing. */
function violations(answer: Answer): string[] {
  const { request, status, body, contentType } = answer;
  const found: string[] = [];
  if (status >= 500) found.push(`answered ${status}`);
  const contractAnswer = contractAnswerFor(request.url);
  const isProblemAnswer = !contractAnswer || [401, 403, 429].includes(status);

  if (status >= 400 && isProblemAnswer) {
    if (!contentType.startsWith('application/problem+json')) found.push(`content type ${contentType || '(none)'}`);
    if (typeof body.type !== 'string' || typeof body.title !== 'string' || typeof body.code !== 'string') found.push('no type, title or code');
    if (body.status !== status) found.push(`body status ${String(body.status)}`);
    if (typeof body.requestId !== 'string' || body.requestId !== answer.requestIdHeader) found.push('no requestId matching X-Request-Id');
    if (body.code === 'VALIDATION_FAILED') {
      const params = body.invalidParams as Array<{ name?: unknown; reasons?: unknown }> | undefined;
      if (!Array.isArray(params) || !params.length || params.some((p) => typeof p.name !== 'string' || !Array.isArray(p.reasons))) found.push('VALIDATION_FAILED without invalidParams');
    }
    // A body field of the wrong type, or missing, is refused by validation, which names it.
    if (status === 400 && request.invalid && request.target && /^body\.(wrong-type|missing)/.test(request.kind) && !namesField(body, request.target)) {
      found.push(`400 without invalidParams naming ${request.target}`);
    }
  }
  if ((status === 401 && body.code === 'UNAUTHENTICATED') || (status === 403 && body.code === 'MISSING_CLAIMS')) found.push(`never reached validation (${String(body.code)})`);
  if (contractAnswer && !isProblemAnswer) {
    const matchesContract = status === contractAnswer.status && JSON.stringify(body) === JSON.stringify(contractAnswer.body);
    if (request.invalid && !matchesContract) found.push(`contract answer expected, got ${status} ${answer.text.slice(0, 100)}`);
    if (!request.invalid && !matchesContract && !(status >= 200 && status < 300)) found.push(`contract answer or success expected, got ${status}`);
  } else if (request.expectStatus && status !== request.expectStatus) {
    found.push(`expected ${request.expectStatus}, got ${status}`);
  }
  return found;
}

async function inPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

describe('bad input on every operation answers 4xx problem+json, never 5xx (e2e)', () => {
  let t: TestApp;
  let caller: TestUser;
  let document: OpenApiDocument;
  let operations: Array<{ method: Method; path: string }>;
  /** Records created from each collection's documented example, by collection path. */
  const created = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    // Generous limits so the requests reach validation rather than the rate limiter.
    t = await createTestApp({ env: { BODY_LIMIT, THROTTLE_LIMIT: '1000000', LOGIN_RATE_LIMIT_PER_IP: '100000', LOGIN_FAILURES_BEFORE_DELAY: '100000' } });
    await t.app.listen(0, '127.0.0.1');
    document = (await t.http.get('/docs-json')).body as OpenApiDocument;
    operations = Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => ({ method, path })));
    // Some filters need a claim beyond their route's (customers' `name`, purchases' `document`):
    // with it, their bad values reach validation too.
    const claims = [...new Set([...operations.flatMap(({ method, path }) => document.paths[path][method]!['x-required-claims'] ?? []), Claim.CustomersReadSensitive])] as ClaimName[];
    caller = await createUserWithClaims(t, claims);

    // Records to point path ids at, so that acceptable bodies go as deep as the database.
    for (const { method, path } of operations.filter((o) => o.method === 'post' && !o.path.includes('{'))) {
      const schema = document.paths[path][method]!.requestBody?.content['application/json']?.schema;
      if (!schema || contractFor({ path, url: path })) continue;
      const res = await t.http.post(path).set(caller.auth).send(sampleOf(document, schema, { skipFormats: ['binary'] }) as object);
      if (res.status < 300 && res.body && typeof res.body === 'object') created.set(path, res.body as Record<string, unknown>);
    }
  });

  afterAll(() => t?.close());

  /**
   * A path id: of the record created in the collection the path names (`/products/{id}` -> POST
   * /products; `{claimId}` -> POST /claims), else the documented example, else an id nothing has.
   */
  function pathValue(template: string, parameter: Parameter): string {
    const collection = template.slice(0, template.indexOf(`/{${parameter.name}}`));
    const named = [...created.keys()].find((path) => path.endsWith(`/${parameter.name.replace(/Id$/, '')}s`));
    const record = created.get(collection) ?? (named === undefined ? undefined : created.get(named));
    const known = record?.[parameter.name] ?? record?.id ?? parameter.example ?? resolve(document, parameter.schema).example;
    if (known !== undefined) return String(known);
    const type = resolve(document, parameter.schema).type;
    return type === 'integer' || type === 'number' ? '999999' : '00000000-0000-4000-8000-000000000000';
  }

  it('answers every malformed request of every operation with a 4xx problem+json (or as its contract says)', async () => {
    const started = Date.now();
    const image = await scenePhoto(7, { format: 'png', width: 64, height: 48 });
    const limits = routeBodyLimits();
    const context = {
      pathValue,
      // An original contract's path has the limit of the route it is served by.
      bodyLimit: (path: string) => toBytes(limits[routeAliases()[path] ?? path] ?? BODY_LIMIT),
      fileLimit: MAX_PHOTO_BYTES,
      image,
    };
    const generated = operations.flatMap(({ method, path }) => badRequestsFor(document, method, path, context));
    // Old contracts' paths (POST /transactions, /api/cashback, /telemetry/...) are served by the same
    // handlers: send them the requests that break the request as a whole rather than one field.
    const aliased = Object.entries(routeAliases()).flatMap(([old, current]) =>
      generated.filter((r) => !r.target && r.url.split('?')[0] === current).map((r) => ({ ...r, url: old + r.url.slice(current.length) })),
    );
    const requests = [...generated, ...aliased];
    // Deletions last: a bad query string on a valid id may legitimately delete the record.
    const ordered = [...requests.filter((r) => r.method !== 'delete'), ...requests.filter((r) => r.method === 'delete')];
    const deleteFrom = ordered.findIndex((r) => r.method === 'delete');

    const run = (request: BadRequest) =>
      send(t, caller, request).then(
        (res): Answer => ({
          request,
          status: res.status,
          contentType: String(res.headers['content-type'] ?? ''),
          body: res.body && typeof res.body === 'object' && !Buffer.isBuffer(res.body) ? (res.body as Record<string, unknown>) : {},
          requestIdHeader: res.headers['x-request-id'] as string | undefined,
          text: res.text ?? '',
        }),
      );
    const answers = [
      ...(await inPool(ordered.slice(0, deleteFrom < 0 ? undefined : deleteFrom), CONCURRENCY, run)),
      ...(deleteFrom < 0 ? [] : await inPool(ordered.slice(deleteFrom), CONCURRENCY, run)),
    ];

    const statuses: Record<number, number> = {};
    for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    const covered = new Set(answers.map((a) => a.request.operation));
    const accepted = answers.filter((a) => a.request.invalid && a.status < 300 && !contractAnswerFor(a.request.url));
    const underContract = answers.filter((a) => contractAnswerFor(a.request.url));
    console.log(
      [
        `bad input: ${answers.length} requests (${aliased.length} on old contracts' paths) over ${covered.size} of ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `by status: ${Object.entries(statuses).map(([status, count]) => `${status}: ${count}`).join(', ')}`,
        `on routes with their own error contract: ${underContract.length}, answered ${[...new Set(underContract.map((a) => `${a.status} ${a.text}`))].join(' | ')}`,
        `invalid yet accepted (2xx): ${accepted.length}${accepted.length ? `\n  ${accepted.map((a) => `${a.request.operation} ${a.request.kind} ${a.request.target ?? ''} -> ${a.status}`).join('\n  ')}` : ''}`,
      ].join('\n'),
    );

    const failures = answers.flatMap((answer) =>
      violations(answer).map((problem) => `${answer.request.operation} [${answer.request.kind}${answer.request.target ? ` ${answer.request.target}` : ''}] ${answer.request.method.toUpperCase()} ${answer.request.url.slice(0, 120)}: ${problem} ${answer.text.slice(0, 160)}`),
    );
    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(covered.size).toBe(operations.length);
    expect(aliased.length).toBeGreaterThan(0);
    expect(underContract.length).toBeGreaterThan(0);
  }, 180_000);
});
