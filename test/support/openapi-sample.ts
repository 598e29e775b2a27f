type Schema = {
  $ref?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  readOnly?: boolean;
  nullable?: boolean;
};

/**
 * The request body Swagger UI fills in when "Try it out" is clicked and the operation gives no
 * example of its own: built from the schema, each property from its example (then its default, its
 * first enum value, or a placeholder of its type), `$ref`s followed, the first of a `oneOf`.
 */
export function sampleOf(schema: Schema | undefined, document: { components?: { schemas?: Record<string, Schema> } }): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return sampleOf(document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')], document);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sampleOf(part, document)));
  const first = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (first) return sampleOf(first, document);
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => !property.readOnly)
        .map(([name, property]) => [name, sampleOf(property, document)]),
    );
  }
  if (schema.type === 'array') return [sampleOf(schema.items, document)];
  if (schema.type === 'integer' || schema.type === 'number') return 0;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'date-time') return new Date().toISOString();
  return 'string';
}
