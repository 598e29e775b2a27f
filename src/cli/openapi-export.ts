import { AppModule } from '../app.module';
import { APP_VERSION } from '../platform/version';
import { createHttpApp } from '../platform/http/create-app';
import { buildOpenApiDocument } from '../platform/http/openapi';

/**
 * The OpenAPI document as committed in docs/openapi.json: built from the real application, which
 * is created but never started and never connects to a database (connections are lazy).
 */
export async function writeOpenApiDocument(): Promise<string> {
  process.env.DATABASE_URL ??= 'postgresql://openapi-export@127.0.0.1:1/unused';
  process.env.LOG_LEVEL = 'warn';
  const app = await createHttpApp(AppModule);
  try {
    return `${JSON.stringify(buildOpenApiDocument(app, APP_VERSION), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
