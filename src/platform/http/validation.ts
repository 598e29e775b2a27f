import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from '@nestjs/common';

export interface InvalidParam {
  name: string;
  reasons: string[];
}

/** A 400 naming every refused field; rendered by the problem filter. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly invalidParams: InvalidParam[]) {
    super(`The request has ${invalidParams.length} invalid field${invalidParams.length === 1 ? '' : 's'}: ${invalidParams.map((p) => p.name).join(', ')}.`);
  }
}

/** Flattens class-validator's tree into `a.b[0].c` paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const name = `${parent}${segment}`;
    const own = error.constraints ? [{ name, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], name)];
  });
}

/** Path ids typed `bigint` are parsed by ParseIdPipe; class-validator has nothing to check there. */
class AppValidationPipe extends ValidationPipe {
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    return (metadata.metatype as unknown) !== BigInt && super.toValidate(metadata);
  }
}

/** Strict: unknown fields are refused, payloads are turned into DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
