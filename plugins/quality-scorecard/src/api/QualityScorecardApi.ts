import { createApiRef } from '@backstage/core-plugin-api';
import type {
  MetricsResponse,
  OverviewResponse,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';

/** @public */
export interface ScorecardWindow {
  from?: string;
  to?: string;
}

/** @public */
export interface QualityScorecardApi {
  getMetrics(): Promise<MetricsResponse>;
  getEntityScorecard(entityRef: string, window?: ScorecardWindow): Promise<ScorecardResponse>;
  getOwnerScorecard(entityRef: string, window?: ScorecardWindow): Promise<ScorecardResponse>;
  getOverview(window?: ScorecardWindow): Promise<OverviewResponse>;
}

/** @public */
export const qualityScorecardApiRef = createApiRef<QualityScorecardApi>({
  id: 'plugin.quality-scorecard.service',
});
