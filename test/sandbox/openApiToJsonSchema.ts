/**
 * Converts an OpenAPI 3.0 schema to JSON Schema for ajv: `nullable: true` becomes a `"null"` type,
 * `$ref`s to `#/components/schemas/*` are inlined, `allOf` of object schemas is merged (so objects can
 * be closed), example/xml keywords are dropped. Options apply the documented spec exceptions.
 *
 * @example
 *   const schema = openApiToJsonSchema(spec.paths["/persons"].get.responses["200"].content["application/json"].schema, { spec });
 */
export interface ConvertOptions {
  /** The whole spec document, for `$ref` resolution. */
  spec: any;
  /** Property names that may also be null, whatever the spec says (each documented where it is built). */
  nullable?: ReadonlySet<string>;
  /** Property names whose `format` is dropped (the spec's format is wrong for what Pipedrive sends). */
  dropFormat?: ReadonlySet<string>;
  /** Close every object that lists its properties (additionalProperties: false), except for these extra names. */
  closeObjectsExcept?: ReadonlySet<string>;
}

export function openApiToJsonSchema(node: any, options: ConvertOptions, depth = 0): any {
  if (depth > 64) throw new Error("Schema nesting too deep: a $ref cycle?");
  if (Array.isArray(node)) return node.map((n) => openApiToJsonSchema(n, options, depth + 1));
  if (node === null || typeof node !== "object") return node;
  if (typeof node.$ref === "string") return openApiToJsonSchema(resolveRef(options.spec, node.$ref), options, depth + 1);

  let schema: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (["example", "examples", "xml", "externalDocs", "discriminator", "nullable", "description", "title"].includes(key)) continue;
    if (key === "properties") {
      schema.properties = {};
      for (const [name, property] of Object.entries(value as object)) {
        let converted = openApiToJsonSchema(property, options, depth + 1);
        if (options.dropFormat?.has(name)) delete converted.format;
        if (options.nullable?.has(name)) converted = makeNullable(converted);
        schema.properties[name] = converted;
      }
    } else {
      schema[key] = openApiToJsonSchema(value, options, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.every(isObjectSchema)) schema = mergeAllOf(schema);
  if (options.closeObjectsExcept && schema.properties && schema.additionalProperties === undefined) {
    for (const extra of options.closeObjectsExcept) schema.properties[extra] ??= {};
    schema.additionalProperties = false;
  }
  return node.nullable === true ? makeNullable(schema) : schema;
}

function resolveRef(spec: any, ref: string): any {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, got ${ref}`);
  const target = ref.slice(2).split("/").reduce((value, key) => value?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], spec);
  if (target === undefined) throw new Error(`Unresolved $ref ${ref}`);
  return target;
}

function isObjectSchema(schema: any): boolean {
  return schema.type === "object" || schema.properties !== undefined;
}

// Merging keeps allOf's meaning for object schemas while letting the result be closed as a whole.
function mergeAllOf(schema: any): any {
  const { allOf, ...rest } = schema;
  const merged: any = { ...rest, type: "object", properties: { ...(rest.properties ?? {}) } };
  const required = new Set<string>(rest.required ?? []);
  for (const part of allOf) {
    Object.assign(merged.properties, part.properties ?? {});
    for (const name of part.required ?? []) required.add(name);
    if (part.additionalProperties === true) merged.additionalProperties = true;
  }
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function makeNullable(schema: any): any {
  if (typeof schema.type === "string") {
    const result = { ...schema, type: [schema.type, "null"] };
    if (Array.isArray(schema.enum)) result.enum = [...schema.enum, null];
    return result;
  }
  if (Array.isArray(schema.type)) return schema.type.includes("null") ? schema : { ...schema, type: [...schema.type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}
