import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseUuidPipe } from '../platform/http/id.pipe';
import { pageOf } from '../platform/http/pagination';
import { parseSort } from '../platform/http/sorting';
import { parseMoney } from '../platform/money';
import { CreateProductDto, ProductDto, ProductPageDto, ProductQueryDto, UpdateProductDto } from './dto/product.dto';
import { toProductDto } from './mappers';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @RequireClaims(Claim.ProductsRead)
  @ApiOperation({ summary: 'List products', description: 'The catalog, paginated, by SKU unless `sort` says otherwise (`name`, `price`, `createdAt`, each `-` for descending); filter by type.' })
  @ApiOkResponse({ type: ProductPageDto })
  @ApiProblems(400)
  async list(@Query() query: ProductQueryDto): Promise<ProductPageDto> {
    const { items, total } = await this.products.list(query.skip, query.pageSize, query.type, parseSort(query.sort));
    return pageOf(items.map(toProductDto), total, query);
  }

  @Get(':id')
  @RequireClaims(Claim.ProductsRead)
  @ApiOperation({ summary: 'Get a product', description: 'A product of the catalog by id, with its type and price.' })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(400, 404)
  async get(@Param('id', ParseUuidPipe) id: string): Promise<ProductDto> {
    return toProductDto(await this.products.get(id));
  }

  @Post()
  @RequireClaims(Claim.ProductsWrite)
  @ApiOperation({ summary: 'Create a product', description: 'A SKU, a name, a product type and a price; 409 when the SKU is taken.' })
  @Created(ProductDto, 'products/{id}')
  @ApiProblems(400, 409)
  async create(@Body() body: CreateProductDto): Promise<ProductDto> {
    return toProductDto(await this.products.create({ sku: body.sku, name: body.name, typeCode: body.type, priceCents: parseMoney(body.price)! }));
  }

  @Patch(':id')
  @RequireClaims(Claim.ProductsWrite)
  @ApiOperation({ summary: 'Update a product', description: 'Any of SKU, name, type and price; purchases already accepted keep what they were priced with.' })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateProductDto): Promise<ProductDto> {
    return toProductDto(
      await this.products.update(id, { sku: body.sku, name: body.name, typeCode: body.type, priceCents: body.price === undefined ? undefined : parseMoney(body.price) }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireClaims(Claim.ProductsWrite)
  @ApiOperation({ summary: 'Delete a product', description: 'Removes it from the catalog; purchases that listed it keep their items.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 404)
  async delete(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.products.delete(id);
  }
}
