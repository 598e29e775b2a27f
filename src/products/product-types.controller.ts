import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { percentToBps } from './rates';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { CreateProductTypeDto, ProductTypeDto, UpdateProductTypeDto } from './dto/product.dto';
import { toProductTypeDto } from './mappers';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('product-types')
export class ProductTypesController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @RequireClaims(Claim.ProductsRead)
  @ApiOperation({ summary: 'List product types with their cashback rates', description: 'Every type a product can have, with the cashback rate its purchases earn.' })
  @ApiOkResponse({ type: [ProductTypeDto] })
  async list(): Promise<ProductTypeDto[]> {
    return (await this.products.types()).map(toProductTypeDto);
  }

  @Get(':code')
  @RequireClaims(Claim.ProductsRead)
  @ApiOperation({ summary: 'Get a product type', description: 'A product type by code, with its cashback rate.' })
  @ApiOkResponse({ type: ProductTypeDto })
  @ApiProblems(404)
  @ApiParam({ name: 'code', description: 'Product type code', example: 'A' })
  async get(@Param('code') code: string): Promise<ProductTypeDto> {
    return toProductTypeDto(await this.products.type(code));
  }

  @Post()
  @RequireClaims(Claim.ProductsWrite)
  @ApiOperation({ summary: 'Create a product type', description: 'A code, a description and the cashback rate (percent) its purchases earn; 409 when the code is taken.' })
  @Created(ProductTypeDto, 'product-types/{code}')
  @ApiProblems(400, 409)
  async create(@Body() body: CreateProductTypeDto): Promise<ProductTypeDto> {
    return toProductTypeDto(await this.products.createType({ code: body.code, description: body.description, rateBps: percentToBps(body.rate)! }));
  }

  @Patch(':code')
  @RequireClaims(Claim.ProductsWrite)
  @ApiOperation({ summary: 'Update a product type', description: 'A new rate applies to purchases accepted from now on; past purchases keep the rate they used.' })
  @ApiOkResponse({ type: ProductTypeDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'code', description: 'Product type code', example: 'A' })
  async update(@Param('code') code: string, @Body() body: UpdateProductTypeDto): Promise<ProductTypeDto> {
    return toProductTypeDto(await this.products.updateType(code, { description: body.description, rateBps: body.rate === undefined ? undefined : percentToBps(body.rate) }));
  }
}
