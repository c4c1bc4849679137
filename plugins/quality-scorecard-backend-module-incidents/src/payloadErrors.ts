import { z } from 'zod';
import { InputError } from '@backstage/errors';

/**
 * Checks a delivery against its schema before anything of it is stored:
 * throws an `InputError` (400) naming the first field that is missing or of
 * the wrong type, prefixed with `what` (the source's event name).
 */
export function checkWithSchema<T>(
  what: string,
  schema: z.ZodType<T>,
  value: unknown,
  pathPrefix: Array<string | number> = [],
): T {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const first = result.error.issues[0];
  const field = [...pathPrefix, ...first.path].join('.') || 'body';
  let message = first.message;
  if (first.code === 'invalid_type') {
    message =
      first.received === 'undefined'
        ? 'is required'
        : `must be ${first.expected}, not ${first.received}`;
  }
  throw new InputError(`${what}: ${field} ${message}`);
}

/** Delivery ids and event names fit their columns and carry no control characters. */
export function checkDeliveryField(name: string, value: string, max: number) {
  if (value.length > max) {
    throw new InputError(`${name} must be at most ${max} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError(`${name} must not contain control characters`);
  }
}
