import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI where its native engine is available (`prisma migrate deploy`,
// `prisma studio`). The application and `npm run db:*` do not need it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'npm run db:seed' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
