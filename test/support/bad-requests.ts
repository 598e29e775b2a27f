/**
 * Malformed requests generated from an OpenAPI document: for each operation, bodies with fields of
 * the wrong type, missing, unknown, huge or full of awkward unicode, broken JSON and wrong content
 * types, and path and query parameters that are not what the route expects. Deterministic: the same
 * document always gives the same requests, so a failure can be replayed.
 */

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  security?: Array<Record<string, string[]>>;
  'x-required-claims'?: string[];
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FilePart {
  field: string;
  content: Buffer;
  filename: string;
  contentType: string;
}

export type RequestBody =
  /** Serialized with JSON.stringify, except `RawJson` values, written as they are. */
  | { as: 'json'; value: unknown }
  | { as: 'raw'; contentType?: string; contentEncoding?: string; data: string | Buffer }
  | { as: 'multipart'; fields: Array<[string, string]>; files: FilePart[] };

export interface BadRequest {
  /** `post /api/v1/users`: the operation as the document names it. */
  operation: string;
  /** What was broken, e.g. `body.wrong-type.string`, `path.huge-integer`, `query.repeated`. */
  kind: string;
  /** The field or parameter broken, when there is one. */
  target?: string;
  method: Method;
  /** The concrete path, query string included, already percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: RequestBody;
  /**
   * The request is invalid whatever the state of the data (wrong type, missing required field,
   * unknown field, unreadable body): no route should accept it, and a route on an older contract
   * must give that contract's error answer.
   */
  invalid: boolean;
  /** The one status the answer must have, when the request's kind decides it (413). */
  expectStatus?: number;
}

/** A JSON literal written verbatim, for values JSON.stringify cannot produce (1e309, huge integers). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `__raw_json_${raws.length - 1}__`;
    }
    return item;
  });
  return text.replace(/"__raw_json_(\d+)__"/g, (_match, index: string) => raws[Number(index)]);
}

export interface GeneratorContext {
  /** A value for a path parameter that names an existing record when one is known. */
  pathValue(path: string, parameter: Parameter): string;
  /** Largest JSON body the route accepts, in bytes. */
  bodyLimit(path: string): number;
  /** Largest file part a multipart route accepts, in bytes. */
  fileLimit: number;
  /** Bytes of a small valid image, for binary (file) fields. */
  image: Buffer;
}

/** Valid text that trips naive handling (emoji with joiners and flags, RTL marks, stacked combining marks), and text no database column takes. */
export const UNICODE_STRINGS: Record<string, string> = {
  'emoji-rtl-combining': 'Zoë 👩‍👩‍👧‍👦 🇧🇷 \u202Eabc\u202C\u200F\u061C e\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309',
  nul: 'before\u0000after',
  'lone-surrogate': 'x\uD800y\uDFFFz',
};
const HUGE_STRING = 'a'.repeat(100_000);

/** Path segments that are not ids, already percent-encoded as a client would send them. */
export const BAD_PATH_VALUES: Record<string, string> = {
  word: 'not-an-id',
  negative: '-1',
  'huge-integer': '99999999999999999999',
  nul: '%00',
  sql: encodeURIComponent("1' OR '1'='1"),
  emoji: encodeURIComponent('😀'),
  'invalid-utf8': '%ED%A0%80',
  'broken-escape': '%E0%A4%A',
  long: 'x'.repeat(2000),
};

/** `$ref`s resolved and `allOf` merged; `oneOf`/`anyOf` are kept as they are. */
export function resolve(document: OpenApiDocument, schema: Schema | undefined, seen = new Set<string>()): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return {};
    const name = schema.$ref.replace('#/components/schemas/', '');
    const { $ref: _ref, ...rest } = schema;
    return resolve(document, { ...document.components?.schemas?.[name], ...rest }, new Set([...seen, schema.$ref]));
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    const parts = allOf.map((part) => resolve(document, part, seen));
    return Object.assign({}, ...parts, rest, {
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), rest.properties ?? {}),
      required: [...parts.flatMap((p) => p.required ?? []), ...(rest.required ?? [])],
    });
  }
  return schema;
}

/** The JSON types a schema accepts. */
function typesOf(document: OpenApiDocument, schema: Schema): Set<string> {
  const s = resolve(document, schema);
  const options = s.oneOf ?? s.anyOf;
  if (options) return new Set(options.flatMap((option) => [...typesOf(document, option)]));
  if (s.properties) return new Set(['object']);
  const type = s.type === 'integer' ? 'number' : s.type;
  return new Set(type ? [type] : []);
}

/** A plausible valid value, from the document's examples where it has them. */
export function sampleOf(document: OpenApiDocument, schema: Schema | undefined, options: { skipFormats?: string[] } = {}): unknown {
  const s = resolve(document, schema);
  if (s.example !== undefined && !s.properties) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const option = s.oneOf?.[0] ?? s.anyOf?.[0];
  if (option) return sampleOf(document, option, options);
  if (s.properties) {
    return Object.fromEntries(
      Object.entries(s.properties)
        .filter(([, property]) => !options.skipFormats?.includes(resolve(document, property).format ?? ''))
        .map(([name, property]) => [name, sampleOf(document, property, options)]),
    );
  }
  switch (s.type) {
    case 'array':
      return [sampleOf(document, s.items, options)];
    case 'number':
    case 'integer':
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'object':
      return {};
    default:
      return s.format === 'date-time' ? '2026-01-01T00:00:00.000Z' : s.format === 'date' ? '2026-01-01' : 'sample';
  }
}

type FieldPath = Array<string | number>;

interface Field {
  path: FieldPath;
  schema: Schema;
  required: boolean;
}

const label = (path: FieldPath) => path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('');

/** Fields of a body down to `depth` levels; arrays of objects are entered through their first item. */
function fieldsOf(document: OpenApiDocument, schema: Schema, value: unknown, path: FieldPath = [], depth = 3): Field[] {
  const resolved = resolve(document, schema);
  // An object of several shapes (oneOf) is sampled from its first one: its fields are that shape's.
  const s = !resolved.properties && resolved.oneOf?.length ? resolve(document, resolved.oneOf[0]) : resolved;
  if (!s.properties || depth === 0 || typeof value !== 'object' || value === null) return [];
  return Object.entries(s.properties)
    .filter(([name]) => name in (value as object))
    .flatMap(([name, property]) => {
      const here = [...path, name];
      const resolved = resolve(document, property);
      const inner = (value as Record<string, unknown>)[name];
      const item = resolve(document, resolved.items);
      const nested =
        resolved.type === 'array' && Array.isArray(inner) && inner.length
          ? item.properties
            ? fieldsOf(document, item, inner[0], [...here, 0], depth - 1)
            : [{ path: [...here, 0], schema: item, required: false }]
          : fieldsOf(document, property, inner, here, depth - 1);
      return [{ path: here, schema: property, required: s.required?.includes(name) ?? false }, ...nested];
    });
}

function withField(value: unknown, path: FieldPath, replacement: unknown, remove = false): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Dates no parser should accept (invalid), or that a parser accepts but a column may not hold. */
const BAD_DATES: Array<[kind: string, value: string, invalid: boolean]> = [
  ['word', 'not-a-date', true],
  ['out-of-range-fields', '2026-13-45T25:61:61Z', true],
  ['year-zero', '0000-01-01T00:00:00Z', false],
  ['before-common-era', '-000001-01-01T00:00:00Z', false],
  ['far-future', '+275760-09-13T00:00:00.000Z', false],
  ['past-the-end', '+275760-09-13T00:00:00.001Z', false],
];

/** Numbers as a query string spells them: not a number (invalid), or out of every sensible range. */
const BAD_QUERY_NUMBERS: Array<[kind: string, value: string, invalid: boolean]> = [
  ['word', 'abc', true],
  ['negative', '-1', false],
  ['zero', '0', false],
  ['fraction', '1.5', false],
  ['huge', '99999999999999999999', false],
  ['exponent', '1e309', false],
  ['hex', '0x10', false],
];

function looksLikeDate(document: OpenApiDocument, schema: Schema): boolean {
  const s = resolve(document, schema);
  const options = [s, ...(s.oneOf ?? []), ...(s.anyOf ?? [])].map((option) => resolve(document, option));
  return options.some((option) => option.format === 'date' || option.format === 'date-time' || (typeof option.example === 'string' && /^\d{4}-\d{2}-\d{2}/.test(option.example)));
}

/** Values of the wrong JSON type for a field, and values of the right type that stress it. */
function fieldVariants(document: OpenApiDocument, schema: Schema): Array<{ kind: string; value: unknown; invalid: boolean }> {
  const types = typesOf(document, schema);
  const nullable = resolve(document, schema).nullable === true;
  const wrong: Array<[string, unknown, string]> = [
    ['number', 12345, 'number'],
    ['string', 'not-the-right-type', 'string'],
    ['object', { nested: 'object' }, 'object'],
    ['array', ['an', 'array'], 'array'],
    ['boolean', true, 'boolean'],
  ];
  const variants = wrong
    .filter(([, , type]) => !types.has(type) && types.size > 0)
    .map(([name, value]) => ({ kind: `body.wrong-type.${name}`, value, invalid: true }));
  variants.push({ kind: 'body.wrong-type.null', value: null, invalid: !nullable });
  if (types.has('string')) {
    if (looksLikeDate(document, schema)) {
      for (const [name, value, invalid] of BAD_DATES) variants.push({ kind: `body.date.${name}`, value, invalid });
    }
    variants.push({ kind: 'body.huge-string', value: HUGE_STRING, invalid: false });
    for (const [name, value] of Object.entries(UNICODE_STRINGS)) variants.push({ kind: `body.unicode.${name}`, value, invalid: false });
  }
  if (types.has('number')) {
    variants.push({ kind: 'body.number.infinity', value: new RawJson('1e309'), invalid: true });
    variants.push({ kind: 'body.number.huge-integer', value: new RawJson('99999999999999999999'), invalid: false });
    variants.push({ kind: 'body.number.negative', value: -1, invalid: false });
    variants.push({ kind: 'body.number.tiny-fraction', value: 0.000001, invalid: false });
  }
  if (types.has('array')) {
    variants.push({ kind: 'body.array.of-null', value: [null], invalid: true });
    variants.push({ kind: 'body.array.empty', value: [], invalid: false });
  }
  return variants;
}

/** Query values that are not what a parameter of this schema accepts, as raw query-string pairs. */
function queryVariants(document: OpenApiDocument, parameter: Parameter): Array<{ kind: string; query: string; invalid: boolean }> {
  const s = resolve(document, parameter.schema);
  const name = encodeURIComponent(parameter.name);
  const pair = (value: string) => `${name}=${value}`;
  const common = [
    { kind: 'query.empty', query: pair(''), invalid: false },
    { kind: 'query.repeated', query: `${pair('1')}&${pair('2')}`, invalid: false },
    { kind: 'query.nested', query: `${name}[a]=1&${name}[b][c]=2`, invalid: false },
    { kind: 'query.nul', query: pair('%00'), invalid: false },
    { kind: 'query.unicode', query: pair(encodeURIComponent(UNICODE_STRINGS['emoji-rtl-combining'])), invalid: false },
    { kind: 'query.invalid-utf8', query: pair('%ED%A0%80'), invalid: false },
    { kind: 'query.long', query: pair('9'.repeat(5000)), invalid: false },
  ];
  const typed = (type: string, table: Array<[kind: string, value: string, invalid: boolean]>) =>
    table.map(([kind, value, invalid]) => ({ kind: `query.${type}.${kind}`, query: pair(encodeURIComponent(value)), invalid }));
  if (s.type === 'number' || s.type === 'integer') return [...common, ...typed('number', BAD_QUERY_NUMBERS)];
  if (s.type === 'boolean') return [...common, ...typed('boolean', [['word', 'maybe', true]])];
  if (s.format === 'date-time' || s.format === 'date') return [...common, ...typed('date', BAD_DATES)];
  return common;
}

function concretePath(template: string, operationParameters: Parameter[], context: GeneratorContext, override?: { name: string; raw: string }): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if (override?.name === name) return override.raw;
    const parameter = operationParameters.find((p) => p.in === 'path' && p.name === name) ?? { in: 'path', name };
    return encodeURIComponent(context.pathValue(template, parameter));
  });
}

/** Every malformed request for one operation. */
export function badRequestsFor(document: OpenApiDocument, method: Method, template: string, context: GeneratorContext): BadRequest[] {
  const operation = document.paths[template][method]!;
  const name = `${method} ${template}`;
  const parameters = operation.parameters ?? [];
  const path = concretePath(template, parameters, context);
  const requests: BadRequest[] = [];
  const add = (request: Omit<BadRequest, 'operation' | 'method' | 'headers'> & { headers?: Record<string, string> }) =>
    requests.push({ operation: name, method, headers: {}, ...request });

  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    for (const [kind, raw] of Object.entries(BAD_PATH_VALUES)) {
      add({ kind: `path.${kind}`, target: parameter.name, url: concretePath(template, parameters, context, { name: parameter.name, raw }), invalid: false });
    }
  }

  for (const parameter of parameters.filter((p) => p.in === 'query')) {
    for (const variant of queryVariants(document, parameter)) add({ kind: variant.kind, target: parameter.name, url: `${path}?${variant.query}`, invalid: variant.invalid });
  }
  add({ kind: 'query.unknown', url: `${path}?unknownParameter=1`, invalid: false });
  add({ kind: 'query.broken-encoding', url: `${path}?%E0%A4%A=%&a=%ZZ`, invalid: false });

  for (const parameter of parameters.filter((p) => p.in === 'header')) {
    add({ kind: 'header.long-sql-controls', target: parameter.name, url: path, headers: { [parameter.name]: `1' OR '1'='1\t--${'h'.repeat(4000)}` }, invalid: false });
  }

  const content = operation.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const multipartSchema = content['multipart/form-data']?.schema;
  if (jsonSchema) requests.push(...jsonBodyRequests(document, name, method, path, jsonSchema, context));
  if (multipartSchema) requests.push(...multipartRequests(document, name, method, path, multipartSchema, context));
  return requests;
}

function jsonBodyRequests(document: OpenApiDocument, operation: string, method: Method, path: string, schema: Schema, context: GeneratorContext): BadRequest[] {
  // A binary field is a multipart file part; JSON cannot carry it.
  const sample = sampleOf(document, schema, { skipFormats: ['binary'] });
  const requests: BadRequest[] = [];
  const add = (kind: string, body: RequestBody, invalid: boolean, extra: Partial<BadRequest> = {}) =>
    requests.push({ operation, method, url: path, headers: {}, kind, body, invalid, ...extra });
  const requiresSomething = (resolve(document, schema).required?.length ?? 0) > 0;

  for (const field of fieldsOf(document, schema, sample)) {
    const target = label(field.path);
    for (const variant of fieldVariants(document, field.schema)) add(variant.kind, { as: 'json', value: withField(sample, field.path, variant.value) }, variant.invalid, { target });
    if (field.required) add('body.missing', { as: 'json', value: withField(sample, field.path, undefined, true) }, true, { target });
  }
  add('body.unknown-field', { as: 'json', value: { ...(sample as object), unknownField: 'x' } }, true);
  add('body.over-limit', { as: 'json', value: { ...(sample as object), padding: 'p'.repeat(context.bodyLimit(path) + 1024) } }, true, { expectStatus: 413 });

  const broken = { truncated: '{"a": ', 'single-quotes': "{'a': 1}", 'trailing-comma': '{"a": 1,}', 'bare-word': 'nul', 'nul-byte': '\u0000' };
  for (const [kind, data] of Object.entries(broken)) add(`body.broken-json.${kind}`, { as: 'raw', contentType: 'application/json', data }, true);
  add('body.broken-json.invalid-utf8', { as: 'raw', contentType: 'application/json', data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, true);
  for (const [kind, data] of Object.entries({ null: 'null', array: '[]', 'array-of-sample': toJson([sample]), string: '"text"', number: '42', 'deep-nesting': '['.repeat(5000) + ']'.repeat(5000) })) {
    add(`body.top-level.${kind}`, { as: 'raw', contentType: 'application/json', data }, true);
  }
  add('body.empty', { as: 'raw', contentType: 'application/json', data: '' }, requiresSomething);
  add('body.none', { as: 'raw', data: '' }, requiresSomething);
  add('content-type.text-plain', { as: 'raw', contentType: 'text/plain', data: toJson(sample) }, requiresSomething);
  add('content-type.xml', { as: 'raw', contentType: 'application/xml', data: '<request><a>1</a></request>' }, requiresSomething);
  add('content-type.form-urlencoded', { as: 'raw', contentType: 'application/x-www-form-urlencoded', data: formEncoded(sample) }, false);
  add('content-type.multipart', { as: 'multipart', fields: Object.entries(sample as object).map(([k, v]) => [k, typeof v === 'string' ? v : toJson(v)]), files: [] }, false);
  add('content-type.unsupported-charset', { as: 'raw', contentType: 'application/json; charset=koi8-r', data: toJson(sample) }, true);
  add('content-type.unsupported-encoding', { as: 'raw', contentType: 'application/json', contentEncoding: 'compress', data: toJson(sample) }, true);
  add('content-type.broken-gzip', { as: 'raw', contentType: 'application/json', contentEncoding: 'gzip', data: toJson(sample) }, true);
  return requests;
}

function formEncoded(sample: unknown): string {
  return Object.entries(sample as object)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : toJson(v))}`)
    .join('&');
}

function multipartRequests(document: OpenApiDocument, operation: string, method: Method, path: string, schema: Schema, context: GeneratorContext): BadRequest[] {
  const s = resolve(document, schema);
  const properties = Object.entries(s.properties ?? {}).map(([name, property]) => [name, resolve(document, property)] as const);
  // Base64 (`byte`) fields are JSON's stand-in for a file part; multipart sends the file itself.
  const textFields = properties.filter(([, p]) => p.format !== 'binary' && p.format !== 'byte').map(([name, p]) => [name, String(sampleOf(document, p))] as [string, string]);
  const fileFields = properties.filter(([, p]) => p.format === 'binary').map(([name]) => name);
  const image = (field: string): FilePart => ({ field, content: context.image, filename: 'photo.png', contentType: 'image/png' });
  const requests: BadRequest[] = [];
  const add = (kind: string, body: RequestBody, invalid: boolean, target?: string, extra: Partial<BadRequest> = {}) =>
    requests.push({ operation, method, url: path, headers: {}, kind, target, body, invalid, ...extra });
  const files = fileFields.map(image);

  for (const [name] of textFields) {
    const others = textFields.filter(([other]) => other !== name);
    add('multipart.missing', { as: 'multipart', fields: others, files }, s.required?.includes(name) ?? false, name);
    for (const [kind, value] of Object.entries({ ...UNICODE_STRINGS, long: 'l'.repeat(5000), empty: '' })) {
      add(`multipart.field.${kind}`, { as: 'multipart', fields: [...others, [name, value]], files }, false, name);
    }
    add('multipart.repeated-field', { as: 'multipart', fields: [...textFields, [name, 'again']], files }, false, name);
  }
  for (const field of fileFields) {
    const otherFiles = files.filter((file) => file.field !== field);
    add('multipart.file.missing', { as: 'multipart', fields: textFields, files: otherFiles }, true, field);
    add('multipart.file.not-an-image', { as: 'multipart', fields: textFields, files: [...otherFiles, { field, content: Buffer.from('plain text, not an image'), filename: 'photo.png', contentType: 'image/png' }] }, true, field);
    add('multipart.file.empty', { as: 'multipart', fields: textFields, files: [...otherFiles, { field, content: Buffer.alloc(0), filename: 'photo.png', contentType: 'image/png' }] }, true, field);
    add('multipart.file.truncated', { as: 'multipart', fields: textFields, files: [...otherFiles, { field, content: context.image.subarray(0, context.image.length >> 1), filename: 'photo.png', contentType: 'image/png' }] }, true, field);
    add('multipart.file.over-limit', { as: 'multipart', fields: textFields, files: [...otherFiles, { field, content: Buffer.alloc(context.fileLimit + 1), filename: 'photo.png', contentType: 'image/png' }] }, true, field, { expectStatus: 413 });
    add('multipart.file.twice', { as: 'multipart', fields: textFields, files: [...files, image(field)] }, true, field);
    add('multipart.file.as-text-field', { as: 'multipart', fields: [...textFields, [field, 'text where a file belongs']], files: otherFiles }, true, field);
  }
  add('multipart.unknown-field', { as: 'multipart', fields: [...textFields, ['unknownField', 'x']], files }, true);
  add('multipart.unknown-file', { as: 'multipart', fields: textFields, files: [...files, image('unknownFile')] }, true);
  add('multipart.too-many-fields', { as: 'multipart', fields: [...textFields, ...Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'] as [string, string])], files }, true);
  add('multipart.no-boundary', { as: 'raw', contentType: 'multipart/form-data', data: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' }, true);
  add('multipart.truncated', { as: 'raw', contentType: 'multipart/form-data; boundary=xyz', data: '--xyz\r\nContent-Disposition: form-data; name="deviceId"\r\n\r\nAA:BB' }, true);
  add('multipart.garbage', { as: 'raw', contentType: 'multipart/form-data; boundary=xyz', data: 'this is not multipart at all' }, true);
  add('multipart.header-without-name', { as: 'raw', contentType: 'multipart/form-data; boundary=xyz', data: '--xyz\r\nContent-Disposition: form-data\r\n\r\n1\r\n--xyz--\r\n' }, true);
  return requests;
}
