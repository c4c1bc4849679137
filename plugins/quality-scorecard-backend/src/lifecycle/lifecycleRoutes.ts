import express from 'express';
import { qualityScorecardAdminPermission } from '@shewhart/plugin-quality-scorecard-common';
import type { Authorize } from '../http/router';
import type { EntityLifecycleService } from './EntityLifecycleService';

/** The entities that left the catalog and when their data goes: for admins. */
export function lifecycleRoutes(
  lifecycle: Pick<EntityLifecycleService, 'listMissing'>,
) {
  return (router: express.Router, authorize: Authorize) => {
    router.get('/lifecycle/entities', async (req, res) => {
      await authorize(req, qualityScorecardAdminPermission);
      res.json({ items: await lifecycle.listMissing() });
    });
  };
}
