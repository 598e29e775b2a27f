import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'isPublic';
/** Marks public operations in the OpenAPI document; buildOpenApiDocument turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';

/** Marks a route (or controller) as open: no token needed. Everything else requires one. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
