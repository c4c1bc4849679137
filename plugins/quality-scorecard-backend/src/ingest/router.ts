import express from 'express';
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  qualityScorecardAdminPermission,
  qualityScorecardEventsCreatePermission,
} from '@shewhart/plugin-quality-scorecard-common';
import type { Authorize } from '../http/router';
import type { QualityStore } from '../database/QualityStore';
import { parseIngestRequest } from './eventSchema';
import { IngestionService } from './IngestionService';
import { WebhookService } from './WebhookService';
import { parseSecretUsageDays } from './webhookSecretUsage';

/**
 * `POST /webhooks/:source`: each installed webhook source's signed route.
 * Mounted before any JSON parser: signatures cover the raw bytes (`rawBody`).
 */
export function webhookRoutes(webhooks: WebhookService) {
  return (router: express.Router, rawBody: express.RequestHandler) => {
    router.post('/webhooks/:source', rawBody, async (req, res) => {
      const result = await webhooks.receive(req.params.source, {
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        header: name => req.header(name),
        query: name => {
          const value = req.query[name];
          const first = Array.isArray(value) ? value[0] : value;
          return typeof first === 'string' ? first : undefined;
        },
      });
      res.status(result.duplicate ? 200 : 202).json(result);
    });
  };
}

/**
 * The events API (`POST /events`) and the operators' routes of ingestion:
 * unattributed events, failed deliveries and their replay.
 */
export function ingestRoutes(options: {
  httpAuth: HttpAuthService;
  store: QualityStore;
  ingestion: IngestionService;
  webhooks: WebhookService;
  auditor: AuditorService;
}) {
  const { httpAuth, store, ingestion, webhooks, auditor } = options;
  return (api: express.Router, authorize: Authorize) => {
    api.post('/events', async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      // Users by the policy; external-access tokens by their accessRestrictions.
      await authorize(req, qualityScorecardEventsCreatePermission);
      const events = parseIngestRequest(req.body);
      res.json(await ingestion.ingest(events));
    });

    api.get('/unattributed', async (req, res) => {
      await authorize(req, qualityScorecardAdminPermission);
      res.json({ items: await store.listUnattributed() });
    });

    // Not under /webhooks: that path is open to senders without credentials.
    api.get('/admin/webhook-secrets', async (req, res) => {
      await authorize(req, qualityScorecardAdminPermission);
      const days = parseSecretUsageDays(req.query.days);
      res.json(await webhooks.secretUsage({ days }));
    });

    api.get('/deliveries/failed', async (req, res) => {
      await authorize(req, qualityScorecardAdminPermission);
      const limit =
        typeof req.query.limit === 'string'
          ? Number(req.query.limit)
          : undefined;
      res.json(await webhooks.failedDeliveries({ limit }));
    });

    // Audited: a replay rewrites stored events from the raw deliveries.
    api.post('/replay', async (req, res) => {
      const source =
        typeof req.query.source === 'string' ? req.query.source : undefined;
      const audit = await auditor.createEvent({
        eventId: 'webhook-replay',
        severityLevel: 'medium',
        request: req,
        meta: { source: source ?? null },
      });
      try {
        await authorize(req, qualityScorecardAdminPermission);
        const deliveries = await webhooks.replay({ source });
        const attributed = await ingestion.reattribute();
        await audit.success({
          meta: { source: source ?? null, deliveries, attributed },
        });
        res.json({ deliveries, attributed });
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    });
  };
}
