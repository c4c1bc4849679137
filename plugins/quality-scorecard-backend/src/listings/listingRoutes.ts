import express from 'express';
import { InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EntityEventItem,
  EntityEventsResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import type { Authorize } from '../http/router';
import type { EntityAccess } from '../permissions/EntityAccess';
import { parseWindow } from '../scorecards/scorecardRoutes';
import { IncidentBugListing, ListedEvent } from './IncidentBugListing';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

function parseTypes(raw: unknown): Array<'incident' | 'bug'> {
  if (raw === undefined) return ['incident', 'bug'];
  if (raw === 'incident' || raw === 'bug') return [raw];
  throw new InputError('type: must be incident or bug');
}

function parseLimit(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT))
    throw new InputError(
      `limit: must be a whole number from 1 to ${MAX_LIMIT}`,
    );
  return n;
}

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

function itemOf(e: ListedEvent): EntityEventItem {
  return {
    type: e.type,
    id: e.id,
    source: e.source,
    title: e.title,
    url: e.url,
    severity: e.severity,
    status: e.status,
    createdAt: new Date(e.createdAt).toISOString(),
    ...(e.type === 'incident'
      ? { resolvedAt: iso(e.endedAt) }
      : { closedAt: iso(e.endedAt) }),
  };
}

/** `GET /events/entity/{kind}/{namespace}/{name}`: the entity's incidents and bugs, to open where they live. */
export function listingRoutes(
  { listing, access }: { listing: IncidentBugListing; access: EntityAccess },
  now: () => number = Date.now,
) {
  return (router: express.Router, _authorize: Authorize) => {
    router.get('/events/entity/:kind/:namespace/:name', async (req, res) => {
      const entityRef = stringifyEntityRef({
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      });
      await access.assertRequest(req, entityRef, 'read');
      const types = parseTypes(req.query.type);
      const limit = parseLimit(req.query.limit);
      const window = parseWindow(req.query, now());
      const { items, more } = await listing.list({
        entityRef,
        types,
        limit,
        ...window,
      });
      res.json({
        entityRef,
        window: {
          from: new Date(window.from).toISOString(),
          to: new Date(window.to).toISOString(),
        },
        items: items.map(itemOf),
        more,
      } satisfies EntityEventsResponse);
    });
  };
}
