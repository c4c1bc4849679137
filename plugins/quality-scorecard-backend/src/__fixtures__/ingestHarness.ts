import { Knex } from 'knex';
import { LoggerService } from '@backstage/backend-plugin-api';
import { sign } from '@octokit/webhooks-methods';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { QualityStore } from '../database/QualityStore';
import { EntityIndex, AnnotationIndex, GitlabProjectIndex } from '../ingest/EntityIndex';
import { IngestionService } from '../ingest/IngestionService';
import { WebhookService } from '../ingest/WebhookService';
import { createGithubWebhookSource } from '../ingest/githubWebhookSource';
import { createPagerDutyWebhookSource } from '../ingest/pagerdutyWebhookSource';
import { pagerDutySignature } from './pagerduty';

/** A webhook request with these headers (names in lower case). */
export function requestWith(
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
) {
  return { rawBody, header: (name: string) => headers[name.toLowerCase()] };
}

export const GITHUB_SECRET = 'unit-github-secret';
export const PAGERDUTY_SECRETS = ['pd-secret-old', 'pd-secret-new'];

/** Logs nothing: failures surface in the raw log and the assertions. */
const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/**
 * The real ingestion path (store, entity index, ingestion and webhook
 * services) on a test database, with a settable clock and an annotation index
 * the test can change (the catalog in production).
 */
export async function createIngestHarness(
  knex: Knex,
  options: {
    repositories?: Record<string, string>;
    pagerDutyServices?: Record<string, string>;
    gitlabProjects?: GitlabProjectIndex;
    locatorKeys?: Record<string, string>;
    /** Wraps the store the webhook service uses, e.g. to simulate a crash. */
    wrapStore?: (store: QualityStore) => QualityStore;
    /** How long a webhook waits for its processing before it answers. */
    answerWithinMs?: number;
  } = {},
) {
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  const clock = { now: Date.parse('2026-03-01T00:00:00Z') };
  const now = () => clock.now;
  const logger = silentLogger;
  const annotations: AnnotationIndex = {
    repositories: new Map(Object.entries(options.repositories ?? {})),
    pagerDutyServices: new Map(Object.entries(options.pagerDutyServices ?? {})),
    gitlabProjects: new Map(options.gitlabProjects ?? []),
    locatorKeys: new Map(Object.entries(options.locatorKeys ?? {})),
  };
  const entityIndex = new EntityIndex(
    async () => ({
      repositories: new Map(annotations.repositories),
      pagerDutyServices: new Map(annotations.pagerDutyServices),
      gitlabProjects: new Map(annotations.gitlabProjects),
      locatorKeys: new Map(annotations.locatorKeys),
    }),
    { logger, refreshIntervalMs: 60_000, now },
  );
  const webhookStore = options.wrapStore ? options.wrapStore(store) : store;
  const ingestion = new IngestionService(webhookStore, entityIndex, { logger, now });
  const webhooks = new WebhookService(webhookStore, ingestion, {
    logger,
    sources: [
      createGithubWebhookSource({ secret: GITHUB_SECRET }),
      createPagerDutyWebhookSource({ secrets: PAGERDUTY_SECRETS }),
    ],
    now,
    answerWithinMs: options.answerWithinMs,
  });

  /** A GitHub delivery as its route hands it over, its headers by name. */
  function receiveGithub(request: {
    rawBody: Buffer;
    signature?: string;
    eventName?: string;
    deliveryId?: string;
  }) {
    return webhooks.receive(
      'github',
      requestWith(request.rawBody, {
        'x-hub-signature-256': request.signature,
        'x-github-event': request.eventName,
        'x-github-delivery': request.deliveryId,
      }),
    );
  }
  function receivePagerDuty(request: { rawBody: Buffer; signature?: string }) {
    return webhooks.receive(
      'pagerduty',
      requestWith(request.rawBody, { 'x-pagerduty-signature': request.signature }),
    );
  }

  let deliveries = 0;
  async function github(eventName: string, payload: unknown, deliveryId?: string) {
    const body = JSON.stringify(payload);
    deliveries += 1;
    const id = deliveryId ?? `gh-delivery-${deliveries}`;
    return receiveGithub({
      rawBody: Buffer.from(body),
      signature: await sign(GITHUB_SECRET, body),
      eventName,
      deliveryId: id,
    });
  }
  async function pagerDuty(payload: unknown, secrets = [PAGERDUTY_SECRETS[1]]) {
    const body = JSON.stringify(payload);
    return receivePagerDuty({
      rawBody: Buffer.from(body),
      signature: pagerDutySignature(body, secrets),
    });
  }
  async function rawDeliveries() {
    const rows = await knex('qs_raw_deliveries')
      .orderBy('id')
      .select('source', 'delivery_id', 'event_name', 'processed_at', 'error');
    // PostgreSQL returns bigint columns as strings.
    return rows.map(r => ({
      ...r,
      processed_at: r.processed_at === null ? null : Number(r.processed_at),
    }));
  }
  return {
    knex,
    store,
    clock,
    annotations,
    entityIndex,
    ingestion,
    webhooks,
    receiveGithub,
    receivePagerDuty,
    github,
    pagerDuty,
    rawDeliveries,
  };
}
