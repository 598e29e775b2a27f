import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

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
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

export function mountSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Benefits Platform API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true, tryItOutEnabled: true },
  });
}
