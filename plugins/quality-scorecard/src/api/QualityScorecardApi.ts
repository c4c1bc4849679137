import { createApiRef } from '@backstage/core-plugin-api';
import type {
  MetricsResponse,
  OverviewResponse,
  OwnerBreakdownResponse,
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
  getEntityScorecard(
    entityRef: string,
    window?: ScorecardWindow,
  ): Promise<ScorecardResponse>;
  getOwnerScorecard(
    entityRef: string,
    window?: ScorecardWindow,
  ): Promise<ScorecardResponse>;
  /** The services an owner has (directly or through sub-groups) and its direct sub-groups. */
  getOwnerBreakdown(
    entityRef: string,
    window?: ScorecardWindow,
  ): Promise<OwnerBreakdownResponse>;
  getOverview(window?: ScorecardWindow): Promise<OverviewResponse>;
}

/** @public */
export const qualityScorecardApiRef = createApiRef<QualityScorecardApi>({
  id: 'plugin.quality-scorecard.service',
});
