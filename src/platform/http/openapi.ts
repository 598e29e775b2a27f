import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../auth/public.decorator';
import { ProblemDto } from './problem.dto';
import { PROBLEM_ANSWERS, problemContent } from './problem-examples';

export const DOCS_PATH = 'docs';
export const API_PREFIX = 'api/v1';

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
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return withoutPrefilledFilters(secureByDefault(document));
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
