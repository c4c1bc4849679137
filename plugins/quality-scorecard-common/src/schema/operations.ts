import type { components, operations } from './openapi.generated';

/**
 * The operations of the quality-scorecard backend's OpenAPI document, by
 * operationId, as openapi-typescript generates them from it.
 * @public
 */
export type QualityScorecardOperations = operations;

/**
 * The component schemas of the quality-scorecard backend's OpenAPI document.
 * @public
 */
export type QualityScorecardSchemas = components['schemas'];

type JsonBody<R> = R extends { content: { 'application/json': infer B } }
  ? B
  : never;

/**
 * The success body (200, 201 or 202) of an operation, by operationId, e.g.
 * `OperationResponse<'Gate'>`.
 * @public
 */
export type OperationResponse<Id extends keyof operations> = JsonBody<
  operations[Id]['responses'] extends infer R
    ? R extends { 200: infer S }
      ? S
      : R extends { 201: infer S }
      ? S
      : R extends { 202: infer S }
      ? S
      : never
    : never
>;
