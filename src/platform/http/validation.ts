import { ArgumentMetadata, BadRequestException, Type, ValidationPipe } from '@nestjs/common';
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
    // A required field that is absent fails every rule on it ("must be an integer", "not less than
    // 1", ...): one reason says what is wrong.
    const missing = Object.hasOwn(error, 'value') && error.value === undefined;
    const own = error.constraints ? [{ name, reasons: missing ? [`${name} is required`] : Object.values(error.constraints) }] : [];
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
  // Names are built only for what is refused: each entry points at its parent and its key.
  const stack: Path[] = [{ item: value, parent: undefined, key: prefix, index: false, depth: 0 }];
  const nameOf = (path: Path): string => pathName(path) || root;
  let nodes = 0;
  while (stack.length) {
    const path = stack.pop()!;
    const { item, depth } = path;
    if (++nodes > INPUT_BOUNDS.nodes) return [{ name: root, reasons: [`${root} holds more than ${INPUT_BOUNDS.nodes} values`] }];
    if (typeof item === 'string') {
      const reason = unstorable(item);
      if (reason) found.push({ name: nameOf(path), reasons: [`${nameOf(path)} ${reason}`] });
      continue;
    }
    if (typeof item !== 'object' || item === null || Buffer.isBuffer(item)) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      found.push({ name: nameOf(path), reasons: [`${nameOf(path)} is nested more than ${MAX_INPUT_DEPTH} levels deep`] });
      continue;
    }
    const index = Array.isArray(item);
    // Counted without listing the keys: listing 600,000 of them is itself the cost to avoid.
    if (index ? item.length > INPUT_BOUNDS.arrayLength : countKeysOver(item, INPUT_BOUNDS.keysPerObject)) {
      const [what, limit] = index ? ['items', INPUT_BOUNDS.arrayLength] : ['fields', INPUT_BOUNDS.keysPerObject];
      return [{ name: nameOf(path), reasons: [`${nameOf(path)} has more than ${limit} ${what}`] }];
    }
    for (const key in item) {
      if (!Object.hasOwn(item, key)) continue;
      const child: Path = { item: (item as Record<string, unknown>)[key], parent: path, key, index, depth: depth + 1 };
      const keyReason = index ? undefined : unstorable(key);
      if (keyReason) found.push({ name: pathName(child), reasons: [`field name ${keyReason}`] });
      stack.push(child);
    }
  }
  return found.reverse();
}

interface Path {
  item: unknown;
  parent: Path | undefined;
  key: string;
  /** The key is an array index: `a[0]` rather than `a.0`. */
  index: boolean;
  depth: number;
}

/** `a.b[0].c`, like class-validator names nested fields. */
function pathName(path: Path): string {
  let name = '';
  for (let at: Path | undefined = path; at; at = at.parent) {
    name = (at.parent === undefined ? at.key : at.index ? `[${at.key}]` : `.${at.key}`) + name;
  }
  // A top-level field of a body or query has no prefix to follow.
  return name.startsWith('.') ? name.slice(1) : name;
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

/**
 * Strict: unknown fields are refused, payloads are turned into DTO instances. With `expectedType`,
 * for one parameter (`@Body(createValidationPipe(SomeDto)) body: object`), the value is validated as
 * that class whatever the parameter's declared type: for a body the route documents itself, per
 * media type, which Swagger would otherwise describe from the parameter's class.
 */
export function createValidationPipe(expectedType?: Type): ValidationPipe {
  return new AppValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    // The value is kept only to tell an absent field from a wrong one; answers never echo it.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
