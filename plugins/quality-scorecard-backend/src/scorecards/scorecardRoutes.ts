import express from 'express';
import { gunzipSync } from 'zlib';
import { InputError } from '@backstage/errors';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MetricId,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { Authorize } from '../http/router';
import type { EntityAccess } from '../permissions/EntityAccess';
import type { Visibility } from '../permissions/visibility';
import { ScorecardReader, Window, jsonOf } from './ScorecardReader';
import type { RecomputeService } from '../recompute/RecomputeService';
import { defaultWindow } from '../engine/scorecardDocument';
import { RenderedBody, chartOf, parseView, summaryOf } from './scorecardViews';

/** Reads `from`/`to`; the default window is the 28 days ending now. */
export function parseWindow(
  query: Record<string, unknown>,
  now: number,
): Window {
  const read = (key: 'from' | 'to') => {
    const raw = query[key];
    if (raw === undefined) return undefined;
    const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms))
      throw new InputError(`${key}: must be an ISO-8601 time`);
    return ms;
  };
  const to = read('to') ?? now;
  const from = read('from') ?? defaultWindow(to).from;
  if (from >= to) throw new InputError('from: must be before to');
  if (to - from > 3 * 366 * 86_400_000)
    throw new InputError(
      'from: windows longer than three years are not served',
    );
  return { from, to };
}

function sendJson(res: express.Response, body: object | string) {
  res
    .type('application/json')
    .send(typeof body === 'string' ? body : jsonOf(body));
}

/** A rendered body: gzip-compressed as it is kept when the client accepts it. */
function sendRendered(
  req: express.Request,
  res: express.Response,
  body: RenderedBody,
) {
  res.vary('Accept-Encoding').type('application/json');
  if (req.acceptsEncodings('gzip')) {
    // Compressed once: the compression middleware leaves an encoded body alone.
    res.set('Content-Encoding', 'gzip').send(body.gzip);
  } else {
    res.send(body.json);
  }
}

function refFromParams(params: Record<string, string>) {
  return stringifyEntityRef({
    kind: params.kind,
    namespace: params.namespace,
    name: params.name,
  });
}

export function scorecardRoutes(
  {
    reader: scorecards,
    recompute,
    access,
    auditor,
  }: {
    reader: ScorecardReader;
    recompute: RecomputeService;
    access: EntityAccess;
    auditor: AuditorService;
  },
  now: () => number = Date.now,
) {
  return (router: express.Router, authorize: Authorize) => {
    router.get(
      '/scorecards/entity/:kind/:namespace/:name',
      async (req, res) => {
        const ref = refFromParams(req.params);
        const view = parseView(req.query);
        await access.assertRequest(req, ref, 'read');
        const window = parseWindow(req.query, now());
        if (view === 'summary') {
          sendRendered(req, res, await scorecards.entitySummary(ref, window));
          return;
        }
        const body = await scorecards.entityScorecardBody(ref, window);
        res.vary('Accept-Encoding');
        if ('json' in body) {
          sendJson(res, body.json);
        } else if (req.acceptsEncodings('gzip')) {
          // Stored compressed: the compression middleware leaves an encoded body alone.
          res
            .type('application/json')
            .set('Content-Encoding', 'gzip')
            .send(body.gzip);
        } else {
          sendJson(res, gunzipSync(body.gzip).toString('utf8'));
        }
      },
    );
    // One metric's weekly series and control chart, read when it is drawn.
    router.get(
      '/scorecards/entity/:kind/:namespace/:name/metrics/:metricId/chart',
      async (req, res) => {
        const ref = refFromParams(req.params);
        await access.assertRequest(req, ref, 'read');
        const chart = await scorecards.entityChart(
          ref,
          parseWindow(req.query, now()),
          req.params.metricId as MetricId,
        );
        sendJson(res, chart);
      },
    );
    // An owner's roll-up and its breakdown: the owner is a Group or a User.
    // The caller's entity read is decided once and applied to the roll-up.
    const ownerRead = async (req: express.Request) => {
      const seen = await access.visibilityOf(req);
      const kind = req.params.kind.toLowerCase();
      if (kind !== 'group' && kind !== 'user')
        throw new InputError('kind: an owner is a Group or a User');
      return {
        ref: refFromParams(req.params),
        window: parseWindow(req.query, now()),
        seen,
      };
    };
    const ownerRoute = (
      path: string,
      read: (ref: string, window: Window, seen: Visibility) => Promise<object>,
    ) =>
      router.get(path, async (req, res) => {
        const { ref, window, seen } = await ownerRead(req);
        sendJson(res, await read(ref, window, seen));
      });
    router.get('/scorecards/owner/:kind/:namespace/:name', async (req, res) => {
      const view = parseView(req.query);
      const { ref, window, seen } = await ownerRead(req);
      const full = await scorecards.ownerScorecard(ref, window, seen);
      if (view === 'summary') sendRendered(req, res, summaryOf(full));
      else sendJson(res, full);
    });
    router.get(
      '/scorecards/owner/:kind/:namespace/:name/metrics/:metricId/chart',
      async (req, res) => {
        const { ref, window, seen } = await ownerRead(req);
        const full = await scorecards.ownerScorecard(ref, window, seen);
        sendJson(res, chartOf(full, req.params.metricId as MetricId));
      },
    );
    ownerRoute(
      '/scorecards/owner/:kind/:namespace/:name/breakdown',
      (ref, window, seen) => scorecards.ownerBreakdown(ref, window, seen),
    );
    router.post(
      '/scorecards/entity/:kind/:namespace/:name/refresh',
      async (req, res) => {
        const ref = refFromParams(req.params);
        const audit = await auditor.createEvent({
          eventId: 'scorecard-refresh',
          severityLevel: 'low',
          request: req,
          meta: { entityRef: ref },
        });
        try {
          await authorize(req, qualityScorecardRefreshPermission);
          const weeks = await recompute.recomputeEntity(ref, now());
          await audit.success({ meta: { entityRef: ref, weeks } });
          res.json({ entityRef: ref, weeks });
        } catch (error) {
          await audit.fail({ error: error as Error });
          throw error;
        }
      },
    );
    router.get('/overview', async (req, res) => {
      const seen = await access.visibilityOf(req);
      sendJson(
        res,
        await scorecards.overview(parseWindow(req.query, now()), seen),
      );
    });
  };
}
