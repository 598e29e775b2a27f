import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../auth/public.decorator';
import { ProblemDto } from './problem.dto';
import { PROBLEM_ANSWERS, problemContent } from './problem-examples';
import { routeAliases } from './route-contracts';

export const DOCS_PATH = 'docs';
export const API_PREFIX = 'api/v1';

/** The tag of the original systems' paths, served beside /api/v1 for clients built on them. */
export const ORIGINAL_CONTRACTS_TAG = 'original contracts';

/**
 * Every tag an operation may carry, in the order Swagger UI shows them: the business first, the
 * operators' routes last. A tag missing here fails the document's lint test.
 */
export const TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'auth', description: 'Log in with e-mail and password, refresh and revoke sessions, read the caller.' },
  { name: 'users', description: 'Users, their role, their own claims and their sessions.' },
  { name: 'roles', description: 'Roles: named sets of claims a user holds through its role.' },
  { name: 'claims', description: 'The catalog of claims, the permissions every route checks.' },
  { name: 'customers', description: 'Customers and their credit data: tier A (CPF, name, address, debts; encrypted, claim customers:read-sensitive) and tier B (age, region, assets, income; exportable for credit-score models).' },
  { name: 'customer events', description: 'Tier C: recent events of a customer (bureau queries, financial movements, card purchases) and their summary, served fastest.' },
  { name: 'products', description: "Product types with their cashback rates, and the retailer's products." },
  { name: 'cashback', description: "Purchases posted by a retailer's ERP: validated, priced per product type, delivered to the cashback API and kept for reconciliation." },
  { name: 'card authorization', description: "A benefits card's transaction approved (00) or refused (51, 07) from the account's FOOD, MEAL or CASH balance." },
  { name: 'card accounts', description: 'Benefits-card accounts: balances, top-ups and the ledger of every authorization.' },
  { name: 'card merchants', description: 'Merchants whose name decides the balance a transaction pays from, whatever its MCC.' },
  { name: 'telemetry', description: 'Devices and their gyroscope and GPS readings.' },
  { name: 'photos', description: 'Device photos, compared with the earlier photos of the same device and answered recognized or not.' },
  { name: 'audit', description: 'The audit trail of every change and every read of sensitive data.' },
  { name: ORIGINAL_CONTRACTS_TAG, description: 'The paths of the systems this API replaces, kept for the clients built on them: each is the /api/v1 operation it names, with the same body, answers and rules.' },
  { name: 'operations', description: 'Liveness, readiness and metrics, for orchestrators and monitoring.' },
];

/** The OpenAPI document, built from the controllers' decorators; also written to docs/openapi.json. */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Benefits Platform API')
    .setDescription(
      [
        'One API for users and claims, tiered customer credit data, products and cashback, benefits-card authorization, and device telemetry with photo recognition.',
        '',
        'Authenticate with a bearer token (`Authorization: Bearer <token>`); each operation lists the claims it needs.',
        'Errors are `application/problem+json` bodies with a stable `code` and the `requestId` to quote in reports.',
      ].join('\n'),
    )
    .setVersion(version)
    // Relative: Swagger UI and generated clients call the host that served the document.
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/login' }, 'bearer')
    .addGlobalResponse(
      ...[
        { status: 429, description: 'Rate limit exceeded; retry after the Retry-After header' },
        { status: 500, description: 'Unexpected error; the body carries the request id to report' },
        { status: 503, description: 'The database cannot be reached (DATABASE_UNAVAILABLE); retry after the Retry-After header' },
      ].map((response) => ({ ...response, content: problemContent(PROBLEM_ANSWERS[response.status]) })),
    )
    .addGlobalParameters({
      name: 'X-Request-Id',
      in: 'header',
      required: false,
      description: 'Correlation id echoed in the response and in error bodies; generated when absent.',
      schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
    })
    .build();
  config.tags = [...TAGS];
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return withOriginalContracts(withoutPrefilledFilters(secureByDefault(document)));
}

/**
 * The original systems' paths are served by rewriting them to their /api/v1 route before routing,
 * so the controllers' decorators do not describe them: each gets a copy of its route's POST
 * operation, so that generated clients have them too.
 */
function withOriginalContracts(document: OpenAPIObject): OpenAPIObject {
  for (const [original, target] of Object.entries(routeAliases()).sort(([a], [b]) => a.localeCompare(b))) {
    const operation = document.paths[target]?.post;
    if (!operation) continue;
    document.paths[original] = {
      post: {
        ...structuredClone(operation),
        operationId: `${operation.operationId}_originalContract`,
        tags: [ORIGINAL_CONTRACTS_TAG],
        summary: `${operation.summary ?? ''} (original contract)`.trim(),
        description: `The original contract's path of \`POST ${target}\`: the same operation, body and answers.\n\n${operation.description ?? ''}`.trim(),
      },
    };
  }
  return document;
}

/**
 * Swagger UI fills a query parameter's example in and sends it as a filter when Execute is clicked
 * (a list then answers empty, or a CPF lookup writes an event): optional query parameters carry
 * their example in the description instead.
 */
function withoutPrefilledFilters(document: OpenAPIObject): OpenAPIObject {
  for (const operation of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) {
      if (!('in' in parameter) || parameter.in !== 'query' || parameter.required) continue;
      const schema = parameter.schema as { example?: unknown; default?: unknown } | undefined;
      const example = parameter.example ?? schema?.example;
      delete parameter.example;
      if (schema) delete schema.example;
      if (example !== undefined && example !== schema?.default) parameter.description = `${parameter.description ? `${parameter.description.replace(/\.?\s*$/, '.')} ` : ''}Example: \`${String(example)}\`.`;
    }
  }
  return document;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** Every operation of the document. */
function* operationsOf(document: OpenAPIObject): Generator<OperationObject> {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (operation) yield operation;
    }
  }
}

/**
 * Mirrors the global guard in the document: every operation needs the bearer token and may answer
 * 401, except those marked @Public(), which get `security: []`.
 */
function secureByDefault(document: OpenAPIObject): OpenAPIObject {
  const unauthorized = {
    description: 'Missing, invalid or expired access token',
    content: problemContent(PROBLEM_ANSWERS[401]),
  };
  for (const operation of operationsOf(document) as Generator<OperationObject & { [PUBLIC_EXTENSION]?: boolean }>) {
    if (operation[PUBLIC_EXTENSION]) {
      operation.security = [];
      delete operation[PUBLIC_EXTENSION];
    } else {
      operation.security = [{ bearer: [] }];
      operation.responses = { ...operation.responses, 401: operation.responses?.[401] ?? unauthorized };
    }
  }
  return document;
}

export function mountSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Benefits Platform API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true, tryItOutEnabled: true },
  });
}
