/** The subset of JSON Schema (as in /openapi.json) that the action forms are built from. */
export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly (string | number)[];
  readonly items?: JsonSchema;
  readonly format?: string;
  readonly description?: string;
  readonly example?: unknown;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly $ref?: string;
  readonly allOf?: readonly JsonSchema[];
}

interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
  readonly components?: { readonly schemas?: Record<string, JsonSchema> };
}

/**
 * Request-body schemas of every create and action, read from the engine's own OpenAPI document so the
 * console's forms are the server's contract (same enums, limits and required fields), never a copy.
 */
export class ActionSchemas {
  private constructor(private readonly document: OpenApiDocument) {}

  static async load(baseUrl = ''): Promise<ActionSchemas> {
    const response = await fetch(`${baseUrl}/openapi.json`);
    if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
    return new ActionSchemas((await response.json()) as OpenApiDocument);
  }

  create(resource: string): JsonSchema | null {
    return this.body(`/api/v1/${resource}`);
  }

  action(resource: string, action: string): JsonSchema | null {
    return this.body(`/api/v1/${resource}/{id}/actions/${action}`);
  }

  private body(path: string): JsonSchema | null {
    const schema = this.document.paths[path]?.post?.requestBody?.content?.['application/json']?.schema;
    return schema === undefined ? null : this.resolve(schema, 0);
  }

  /** Inlines $ref and allOf so a form walks one plain tree. */
  private resolve(schema: JsonSchema, depth: number): JsonSchema {
    if (depth > 12) return {};
    if (schema.$ref !== undefined) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = this.document.components?.schemas?.[name] ?? {};
      const { $ref: _ref, ...rest } = schema;
      return this.resolve({ ...target, ...rest }, depth + 1);
    }
    if (schema.allOf !== undefined) {
      const { allOf, ...rest } = schema;
      return this.resolve(
        allOf.reduce<JsonSchema>((merged, part) => ({ ...merged, ...this.resolve(part, depth + 1) }), rest),
        depth + 1,
      );
    }
    return {
      ...schema,
      ...(schema.properties !== undefined
        ? {
            properties: Object.fromEntries(
              Object.entries(schema.properties).map(([name, property]) => [
                name,
                this.resolve(property, depth + 1),
              ]),
            ),
          }
        : {}),
      ...(schema.items !== undefined ? { items: this.resolve(schema.items, depth + 1) } : {}),
    };
  }
}
