import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ProductTypesController } from './product-types.controller';
import { ProductTypesSeeder } from './product-types.seeder';
import { ProductsController } from './products.controller';
import { ProductsRepository } from './products.repository';
import { ProductsService } from './products.service';

/** Product types with their cashback rates, and the product catalog ERPs may use. */
@Module({
  imports: [AuditModule],
  controllers: [ProductTypesController, ProductsController],
  providers: [ProductsRepository, ProductsService, ProductTypesSeeder],
  exports: [ProductsService, ProductTypesSeeder],
})
export class ProductsModule {}
