import express from 'express';
import { z } from 'zod';
import { NotAllowedError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type BaselineRecord,
  type BaselinesResponse,
  METRIC_IDS,
  qualityScorecardBaselineManagePermission,
} from '@shewhart/plugin-quality-scorecard-common';
import type { EntityAccess } from '../permissions/EntityAccess';
import { weekStartOf } from '../engine/time';
import { Authorize } from '../http/router';
import { BaselineService } from './BaselineService';
import { actorOf, parseBody } from '../checks/checksRoutes';

const refFromParams = (params: Record<string, string>) =>
  stringifyEntityRef({
    kind: params.kind,
    namespace: params.namespace,
    name: params.name,
  });

/** A `StartBaselineRequest`: the period may start in the current week, not later. */
function startSchema(now: number) {
  const currentWeek = weekStartOf(now);
  return z
    .object({
      metric: z
        .enum(METRIC_IDS, {
          errorMap: () => ({
            message: 'not a metric id (GET /metrics lists them)',
          }),
        })
        .optional(),
      from: z
        .string()
        .datetime({
          offset: true,
          message: 'must be an ISO-8601 date-time with an offset',
        })
        .refine(
          v => weekStartOf(Date.parse(v)) <= currentWeek,
          'must not be after the current week',
        ),
      reason: z
        .string()
        .trim()
        .min(1, 'give a reason')
        .max(500, 'at most 500 characters'),
    })
    .strict();
}

/**
 * Control-chart baselines: anyone who may read scorecards lists an entity's;
 * starting one is the resource permission `quality-scorecard.baseline.manage`
 * on the entity (a policy may grant it to its owners), and is audited.
 */
export function baselineRoutes(
  baselines: BaselineService,
  deps: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    access: EntityAccess;
  },
  now: () => number = Date.now,
) {
  const { httpAuth, permissions, auditor, access } = deps;
  return (router: express.Router, _authorize: Authorize) => {
    router.get('/baselines/entity/:kind/:namespace/:name', async (req, res) => {
      const entityRef = refFromParams(req.params);
      await access.assertRequest(req, entityRef, 'read');
      res.json((await baselines.list(entityRef)) satisfies BaselinesResponse);
    });
    router.post(
      '/baselines/entity/:kind/:namespace/:name',
      async (req, res) => {
        const entityRef = refFromParams(req.params);
        const audit = await auditor.createEvent({
          eventId: 'baseline-start',
          severityLevel: 'medium',
          request: req,
          meta: { entityRef },
        });
        try {
          const credentials = await httpAuth.credentials(req);
          // A resource permission: a conditional decision is resolved against the entity.
          const [decision] = await permissions.authorize(
            [
              {
                permission: qualityScorecardBaselineManagePermission,
                resourceRef: entityRef,
              },
            ],
            { credentials },
          );
          if (decision.result !== AuthorizeResult.ALLOW) {
            throw new NotAllowedError(
              `Not allowed: ${qualityScorecardBaselineManagePermission.name} on ${entityRef}`,
            );
          }
          const at = now();
          const body = parseBody(startSchema(at), req.body);
          const record = await baselines.start({
            entityRef,
            metric: body.metric ?? null,
            from: Date.parse(body.from),
            reason: body.reason,
            startedBy: actorOf(credentials),
            now: at,
          });
          await audit.success({
            meta: {
              entityRef,
              baselineId: record.id,
              metric: record.metric,
              from: record.from,
              reason: record.reason,
              startedBy: record.startedBy,
            },
          });
          res.status(201).json(record satisfies BaselineRecord);
        } catch (error) {
          await audit.fail({ error: error as Error });
          throw error;
        }
      },
    );
  };
}
