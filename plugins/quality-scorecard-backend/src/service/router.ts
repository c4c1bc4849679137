import express from 'express';
import Router from 'express-promise-router';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  METRIC_DEFINITIONS,
  qualityScorecardAdminPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { spec } from '../schema/openapi';
import { parseIngestRequest } from '../ingest/eventSchema';
import { IngestionService } from '../ingest/IngestionService';
import { WebhookService } from '../ingest/WebhookService';
import { QualityStore } from '../database/QualityStore';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: QualityStore;
  ingestion: IngestionService;
  webhooks: WebhookService;
  maxBodySize: string;
  /** Further routes (scorecards), mounted on the validated router. */
  extend?: (router: express.Router, authorize: Authorize) => void;
  /** More route sets on the validated router. */
  extensions?: Array<(router: express.Router, authorize: Authorize) => void>;
}

/** Checks a permission for the request's caller; answers their credentials. */
export type Authorize = (
  req: express.Request,
  permission: BasicPermission,
) => Promise<BackstageCredentials>;

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, store, ingestion, webhooks } = options;

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
  const raw = express.raw({ type: () => true, limit: options.maxBodySize });
  router.post('/webhooks/github', raw, async (req, res) => {
    const result = await webhooks.receiveGithub({
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      signature: req.header('x-hub-signature-256'),
      eventName: req.header('x-github-event'),
      deliveryId: req.header('x-github-delivery'),
    });
    res.status(result.duplicate ? 200 : 202).json(result);
  });
  router.post('/webhooks/pagerduty', raw, async (req, res) => {
    const result = await webhooks.receivePagerDuty({
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      signature: req.header('x-pagerduty-signature'),
    });
    res.status(result.duplicate ? 200 : 202).json(result);
  });

  // Typed routing from a hand-kept spec is too deep for tsc; validation still applies.
  const api = createValidatedOpenApiRouter(spec as any, {
    middleware: [express.json({ limit: options.maxBodySize })],
  }) as unknown as express.Router;
  router.use(api);

  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  api.get('/metrics', (_req, res) => {
    res.json({ metrics: METRIC_DEFINITIONS });
  });

  api.post('/events', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const events = parseIngestRequest(req.body);
    res.json(await ingestion.ingest(events));
  });

  api.get('/unattributed', async (req, res) => {
    await authorize(req, qualityScorecardAdminPermission);
    res.json({ items: await store.listUnattributed() });
  });

  api.post('/replay', async (req, res) => {
    await authorize(req, qualityScorecardAdminPermission);
    const source = typeof req.query.source === 'string' ? req.query.source : undefined;
    const deliveries = await webhooks.replay({ source });
    const attributed = await ingestion.reattribute();
    res.json({ deliveries, attributed });
  });

  options.extend?.(api, authorize);
  options.extensions?.forEach(extend => extend(api, authorize));
  return router;
}
