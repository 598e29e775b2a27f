import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './validation';
import { MAX_INT4 } from './validators';

/** A positive integer id from the path, as bigint; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, bigint> {
  transform(value: string, metadata: ArgumentMetadata): bigint {
    if (!/^\d{1,18}$/.test(value) || BigInt(value) === 0n) {
      throw new RequestValidationError([{ name: metadata.data ?? 'id', reasons: [`${metadata.data ?? 'id'} must be a positive integer`] }]);
    }
    return BigInt(value);
  }
}

/** Same, as a number, for int4 ids (roles). */
@Injectable()
export class ParseSmallIdPipe implements PipeTransform<string, number> {
  private readonly inner = new ParseIdPipe();

  transform(value: string, metadata: ArgumentMetadata): number {
    const id = this.inner.transform(value, metadata);
    if (id > BigInt(MAX_INT4)) throw new RequestValidationError([{ name: metadata.data ?? 'id', reasons: [`${metadata.data ?? 'id'} is out of range`] }]);
    return Number(id);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID from the path (lower-cased); anything else is a 400 naming the parameter. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) throw new RequestValidationError([{ name: metadata.data ?? 'id', reasons: [`${metadata.data ?? 'id'} must be a UUID`] }]);
    return value.toLowerCase();
  }
}
