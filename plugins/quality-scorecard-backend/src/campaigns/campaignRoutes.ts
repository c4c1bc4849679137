import express from 'express';
import { NotFoundError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  type CampaignDetailResponse,
  type CampaignListResponse,
  type CampaignMembershipResponse,
  type CampaignSummary,
  qualityScorecardCampaignManagePermission,
} from '@shewhart/plugin-quality-scorecard-common';
import type { Authorize } from '../http/router';
import type { EntityAccess } from '../permissions/EntityAccess';
import { visibleRefs } from '../permissions/visibility';
import { ownedEntities, type OwnershipGraph } from '../engine/rollup';
import { actorOf } from '../checks/checksRoutes';
import type { CampaignService } from './CampaignService';

const refFromParams = (params: Record<string, string>) =>
  stringifyEntityRef({
    kind: params.kind,
    namespace: params.namespace,
    name: params.name,
  });

/**
 * The campaign routes: reads for anyone who may read scorecards (each
 * campaign's progress over the entities they may read), writes of database
 * campaigns with quality-scorecard.campaign.manage, audited.
 */
export function campaignRoutes(
  campaigns: CampaignService,
  deps: {
    access: EntityAccess;
    auditor: AuditorService;
    ownership: {
      load(): Promise<{
        graph: OwnershipGraph;
        groups: Array<{ ref: string }>;
      }>;
    };
  },
  now: () => number = Date.now,
) {
  const { access, auditor, ownership } = deps;
  return (router: express.Router, authorize: Authorize) => {
    router.get('/campaigns', async (req, res) => {
      const seen = await access.visibilityOf(req);
      res.json({
        items: await campaigns.list(now(), seen),
      } satisfies CampaignListResponse);
    });
    router.get('/campaigns/entity/:kind/:namespace/:name', async (req, res) => {
      const ref = refFromParams(req.params);
      await access.assertRequest(req, ref, 'read');
      const seen = await access.visibilityOf(req);
      res.json(
        (await campaigns.forEntities(
          [ref],
          now(),
          seen,
        )) satisfies CampaignMembershipResponse,
      );
    });
    router.get('/campaigns/owner/:kind/:namespace/:name', async (req, res) => {
      const seen = await access.visibilityOf(req);
      const owner = refFromParams(req.params);
      const { graph, groups } = await ownership.load();
      if (!groups.some(g => g.ref === owner) && !graph.owned.has(owner)) {
        throw new NotFoundError(`No owner ${owner} in the catalog`);
      }
      const refs = await visibleRefs(seen, ownedEntities(graph, owner));
      res.json(
        (await campaigns.forEntities(
          refs,
          now(),
          seen,
        )) satisfies CampaignMembershipResponse,
      );
    });
    router.get('/campaigns/:id', async (req, res) => {
      const seen = await access.visibilityOf(req);
      res.json(
        (await campaigns.detail(
          req.params.id,
          now(),
          seen,
        )) satisfies CampaignDetailResponse,
      );
    });

    /** A write: permission-checked, audited with who did what to which campaign. */
    const write = (
      eventId: string,
      act: (req: express.Request, actor: string) => Promise<CampaignSummary>,
      status = 200,
    ) =>
      (async (req, res) => {
        const audit = await auditor.createEvent({
          eventId,
          severityLevel: 'medium',
          request: req,
          meta: req.params.id ? { campaignId: req.params.id } : {},
        });
        try {
          const credentials = await authorize(
            req,
            qualityScorecardCampaignManagePermission,
          );
          const actor = actorOf(credentials);
          const campaign = await act(req, actor);
          await audit.success({
            meta: {
              campaignId: campaign.id,
              actor,
              state: campaign.state,
              startDate: campaign.startDate,
              dueDate: campaign.dueDate,
            },
          });
          res.status(status).json(campaign satisfies CampaignSummary);
        } catch (error) {
          await audit.fail({ error: error as Error });
          throw error;
        }
      }) as express.RequestHandler;

    router.post(
      '/campaigns',
      write(
        'campaign-create',
        (req, actor) => campaigns.create(req.body, actor, now()),
        201,
      ),
    );
    router.put(
      '/campaigns/:id',
      write('campaign-update', (req, actor) =>
        campaigns.update(req.params.id, req.body, actor, now()),
      ),
    );
    router.post(
      '/campaigns/:id/close',
      write('campaign-close', (req, actor) =>
        campaigns.close(req.params.id, actor, now()),
      ),
    );
  };
}
