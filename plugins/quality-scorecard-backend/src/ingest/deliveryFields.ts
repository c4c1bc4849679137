import { InputError } from '@backstage/errors';

/**
 * Delivery ids and event names are stored in columns of 255 and 128
 * characters: a longer one, or one with control characters, is a 400 naming
 * the header or field it came from.
 */
export function checkDeliveryField(field: string, value: string, max: number) {
  if (value.length > max) {
    throw new InputError(`${field} must be at most ${max} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError(`${field} must not contain control characters`);
  }
}

/** A scalar of a payload as text; anything else (objects, arrays nested 10,000 deep) as ''. */
export function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : '';
}
