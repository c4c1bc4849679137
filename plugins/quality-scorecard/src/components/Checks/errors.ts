import { ResponseError } from '@backstage/errors';

/** The backend's own message of a failed request (e.g. a 400's reason). */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
