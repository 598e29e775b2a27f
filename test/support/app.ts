import { DynamicModule, INestApplication, InjectionToken, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { PrismaService } from '../../src/platform/database/prisma.service';
import { createHttpApp } from '../../src/platform/http/create-app';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: INestApplication;
  /** supertest bound to the app's HTTP server (the real Nest app, over a real socket). */
  http: TestAgent;
  prisma: PrismaService;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Settings for this app only, over test/support/test-env.ts. */
  env?: Record<string, string>;
  /** Extra modules, e.g. a controller that exists only in the test. */
  imports?: Array<Type<unknown> | DynamicModule>;
  /** Serve another app's database instead of a fresh one (closing this app leaves it alone). */
  database?: TestDatabase;
  /** Adapters replaced in this app, e.g. `{ provide: Clock, useValue: fakeClock }`. */
  overrides?: Array<{ provide: InjectionToken; useValue: unknown }>;
}

/** The real application on a fresh database, configured exactly as main.ts configures it. */
export async function createTestApp({ env = {}, imports = [], database: shared, overrides = [] }: TestAppOptions = {}): Promise<TestApp> {
  const database = shared ?? (await createTestDatabase());
  const previous = { ...process.env };
  Object.assign(process.env, env, { DATABASE_URL: database.url });
  try {
    const builder = Test.createTestingModule({ imports: [AppModule, ...imports] });
    for (const { provide, useValue } of overrides) builder.overrideProvider(provide).useValue(useValue);
    const moduleRef = await builder.compile();
    const app = await createHttpApp(moduleRef);
    try {
      await app.init();
    } catch (error) {
      await app.close().catch(() => undefined);
      if (!shared) await database.drop();
      throw error;
    }
    return {
      app,
      http: request(app.getHttpServer()),
      prisma: app.get(PrismaService),
      database,
      close: async () => {
        await app.close();
        if (!shared) await database.drop();
      },
    };
  } finally {
    process.env = previous;
  }
}
