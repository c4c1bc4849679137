import express from 'express';
import Router from 'express-promise-router';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import { METRIC_DEFINITIONS } from '@shewhart/plugin-quality-scorecard-common';
import { spec } from '../schema/openapi';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  maxBodySize: string;
  /**
   * Routes that read the raw body (signed webhooks), mounted before any JSON
   * parser; `rawBody` reads the body as bytes within the size limit.
   */
  rawRoutes?: Array<(router: express.Router, rawBody: express.RequestHandler) => void>;
  /** The route sets of the rooms (ingest, scorecards, checks, …) on the validated router. */
  routes: Array<(router: express.Router, authorize: Authorize) => void>;
}

/** Checks a permission for the request's caller; answers their credentials. */
export type Authorize = (
  req: express.Request,
  permission: BasicPermission,
) => Promise<BackstageCredentials>;

/** The body parser's own error (body-parser's `type`), shaped for the error handler. */
function bodyError(error: Error & { type?: string; status?: number }, limit: string): Error {
  if (error.type === 'entity.too.large') {
    // @backstage/errors has no 413 class; the error handler answers `status`.
    return Object.assign(
      new Error(`Request body is larger than the limit of ${limit} (qualityScorecard.ingestion.maxBodySize)`),
      { name: 'PayloadTooLargeError', status: 413 },
    );
  }
  if (error.type === 'entity.parse.failed') {
    return new InputError(`Request body is not valid JSON: ${error.message}`);
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return Object.assign(new Error(`Request body: ${error.message}`), { name: error.name, status: error.status });
  }
  return error;
}

/**
 * Where a value holds U+0000 (PostgreSQL cannot store or compare it), as
 * `events[0].title`. Iterative: bodies may nest thousands of levels deep.
 */
function nulAt(root: unknown, rootPath: string): string | undefined {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        stack.push([item, Array.isArray(value) ? `${path}[${key}]` : `${path ? `${path}.` : ''}${key}`]);
      }
    }
  }
  return undefined;
}

/** Refuses U+0000 in the path, the query or a JSON body: a 400 naming where, not a database error. */
const refuseNul: express.RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    throw new InputError('path: not a valid URL encoding');
  }
  const where =
    (path.includes('\u0000') ? 'path' : undefined) ??
    nulAt(req.query, 'query') ??
    // A body that is itself an array is named as `body[0]`; an object's
    // fields by their own names (`events[0].title`).
    (req.is('application/json')
      ? nulAt(req.body, Array.isArray(req.body) ? 'body' : '')
      : undefined);
  if (where) {
    throw new InputError(`${where}: must not contain the character U+0000`);
  }
  next();
};

function readBody(parser: express.RequestHandler, limit: string): express.RequestHandler {
  return (req, res, next) => parser(req, res, error => next(error ? bodyError(error, limit) : undefined));
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions } = options;

  const authorize: Authorize = async (req, permission) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    return credentials;
  };

  const router = Router();

  // Signatures cover the raw bytes, so webhooks are read before any JSON parser.
  const raw = readBody(express.raw({ type: () => true, limit: options.maxBodySize }), options.maxBodySize);
  options.rawRoutes?.forEach(mount => mount(router, raw));

  // The JSON body is parsed before the OpenAPI router: that router turns every
  // error of its own middleware into a 400, and an oversize body is a 413.
  router.use(readBody(express.json({ limit: options.maxBodySize }), options.maxBodySize));
  router.use(refuseNul);
  // Typed routing from a hand-kept spec is too deep for tsc; validation still applies.
  const api = createValidatedOpenApiRouter(spec as any, {
    middleware: [(_req: express.Request, _res: express.Response, next: express.NextFunction) => next()],
  }) as unknown as express.Router;
  router.use(api);

  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  api.get('/metrics', (_req, res) => {
    res.json({ metrics: METRIC_DEFINITIONS });
  });

  options.routes.forEach(mount => mount(api, authorize));
  return router;
}
