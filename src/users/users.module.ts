import { Module } from '@nestjs/common';
import { AccessCatalogRepository } from './access-catalog.repository';
import { AccessCatalogSeeder } from './access-catalog.seeder';

@Module({
  providers: [AccessCatalogRepository, AccessCatalogSeeder],
  exports: [AccessCatalogSeeder],
})
export class UsersModule {}
