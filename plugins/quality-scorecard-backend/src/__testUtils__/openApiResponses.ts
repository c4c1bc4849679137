import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** An operation of an OpenAPI document, with its path and method. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

type Json = any;

const SPEC_ID = 'openapi.json';

/**
 * Points `#/components/…` references at the registered document and closes
 * every object schema that lists its properties, so that a field the server
 * answers but the contract does not name fails too.
 */
function prepare(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${SPEC_ID}${value}`
        : prepare(value);
  }
  if (out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Validates answers against an OpenAPI 3.1 document's response schemas
 * (JSON Schema 2020-12, `$ref`s into components.schemas resolved).
 */
export function openApiResponses(spec: { paths: object; components?: object }) {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
  });
  addFormats(ajv);
  ajv.addKeyword('components');
  ajv.addSchema({ $id: SPEC_ID, components: prepare(spec.components ?? {}) });

  const operations: SpecOperation[] = Object.entries(spec.paths).flatMap(
    ([path, methods]) =>
      Object.entries(methods as Record<string, Json>).map(([method, op]) => ({
        operationId: op.operationId,
        method,
        path,
        responses: op.responses ?? {},
      })),
  );

  const compiled = new Map<string, ValidateFunction>();
  /** The schema of one answer of an operation; undefined when it has none. */
  const schemaOf = (op: SpecOperation, status: number) =>
    op.responses[String(status)]?.content?.['application/json']?.schema;

  return {
    operations,
    schemaOf,
    /**
     * What is wrong with an answer: its status undocumented, its body
     * without a schema or not matching it. Empty when it matches.
     */
    problems(op: SpecOperation, status: number, body: unknown): string[] {
      if (!op.responses[String(status)]) {
        return [`status ${status} is not documented`];
      }
      const schema = schemaOf(op, status);
      if (!schema) return [`status ${status} has no application/json schema`];
      const key = `${op.operationId} ${status}`;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(prepare(schema));
        compiled.set(key, validate);
      }
      return validate(body)
        ? []
        : (validate.errors ?? []).map(
            e =>
              `${e.instancePath || '/'} ${e.message} ${JSON.stringify(
                e.params,
              )}`,
          );
    },
  };
}
