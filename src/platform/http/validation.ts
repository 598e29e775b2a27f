import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from '@nestjs/common';

export interface InvalidParam {
  name: string;
  reasons: string[];
}

/** At most this many invalid fields are named in an answer; `invalidParamsCount` gives the total. */
export const MAX_INVALID_PARAMS_SHOWN = 20;

/** A 400 naming the refused fields (the first MAX_INVALID_PARAMS_SHOWN); rendered by the problem filter. */
export class RequestValidationError extends BadRequestException {
  readonly invalidParams: InvalidParam[];
  readonly invalidParamsCount: number;

  constructor(invalidParams: InvalidParam[]) {
    const shown = invalidParams.slice(0, MAX_INVALID_PARAMS_SHOWN);
    const more = invalidParams.length - shown.length;
    super(
      `The request has ${invalidParams.length} invalid field${invalidParams.length === 1 ? '' : 's'}: ${shown.map((p) => p.name).join(', ')}${more ? ` and ${more} more` : ''}.`,
    );
    this.invalidParams = shown;
    this.invalidParamsCount = invalidParams.length;
  }
}

/**
 * The shape any one input may have, checked before class-transformer or class-validator see it:
 * their cost grows faster than the number of keys (60,000 keys took seconds), so a small body must
 * not be able to hold the process. Every route's legitimate input fits well inside.
 */
export const INPUT_BOUNDS = {
  /** Keys of one object. */
  keysPerObject: 200,
  /** Elements of one array, far above any route's own limit (so the route's message names its own). */
  arrayLength: 10_000,
  /** Values (objects, arrays, strings, numbers...) in one input, all levels together (a full batch
   * of 1,000 readings is about 6,000). */
  nodes: 10_000,
} as const;

/** Flattens class-validator's tree into `a.b[0].c` paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const name = `${parent}${segment}`;
    const own = error.constraints ? [{ name, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], name)];
  });
}

/** Deeper than this, input is refused before class-transformer walks it (its recursion would overflow the stack). */
export const MAX_INPUT_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL could not hold this string, if it could not: text and jsonb refuse NUL, jsonb
 * refuses lone UTF-16 surrogates (and text would silently store U+FFFD instead).
 */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (no lone surrogates)';
  return undefined;
}

/**
 * Strings (values and keys) no column could store, and nesting deeper than MAX_INPUT_DEPTH, named
 * like class-validator's fields (`a.b[0].c`); `root` names the value itself (`body` for a whole
 * body, whose fields are named without a prefix). Walked without recursion.
 */
export function findUnsafeInput(value: unknown, root: string): InvalidParam[] {
  const prefix = root === 'body' || root === 'query' ? '' : root;
  const found: InvalidParam[] = [];
  const stack: Array<[item: unknown, name: string, depth: number]> = [[value, prefix, 0]];
  let nodes = 0;
  while (stack.length) {
    const [item, name, depth] = stack.pop()!;
    if (++nodes > INPUT_BOUNDS.nodes) return [{ name: root, reasons: [`${root} holds more than ${INPUT_BOUNDS.nodes} values`] }];
    if (typeof item === 'string') {
      const reason = unstorable(item);
      if (reason) found.push({ name: name || root, reasons: [`${name || root} ${reason}`] });
      continue;
    }
    if (typeof item !== 'object' || item === null || Buffer.isBuffer(item)) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      found.push({ name: name || root, reasons: [`${name || root} is nested more than ${MAX_INPUT_DEPTH} levels deep`] });
      continue;
    }
    // Counted without listing the keys: listing 600,000 of them is itself the cost to avoid.
    if (Array.isArray(item) ? item.length > INPUT_BOUNDS.arrayLength : countKeysOver(item, INPUT_BOUNDS.keysPerObject)) {
      const [what, limit] = Array.isArray(item) ? ['items', INPUT_BOUNDS.arrayLength] : ['fields', INPUT_BOUNDS.keysPerObject];
      return [{ name: name || root, reasons: [`${name || root} has more than ${limit} ${what}`] }];
    }
    for (const [key, child] of Object.entries(item)) {
      const childName = Array.isArray(item) ? `${name}[${key}]` : name ? `${name}.${key}` : key;
      const keyReason = Array.isArray(item) ? undefined : unstorable(key);
      if (keyReason) found.push({ name: childName, reasons: [`field name ${keyReason}`] });
      stack.push([child, childName, depth + 1]);
    }
  }
  return found.reverse();
}

function countKeysOver(item: object, limit: number): boolean {
  let count = 0;
  for (const key in item) if (Object.hasOwn(item, key) && ++count > limit) return true;
  return false;
}

/** Path ids typed `bigint` are parsed by ParseIdPipe; class-validator has nothing to check there. */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Body, query and path values all end up in SQL parameters or jsonb: refuse what PostgreSQL
    // cannot store here, naming the field, rather than as a database error.
    if (metadata.type !== 'custom') {
      const unsafe = findUnsafeInput(value, metadata.data ?? metadata.type);
      if (unsafe.length) throw new RequestValidationError(unsafe);
    }
    return super.transform(value, metadata);
  }

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
