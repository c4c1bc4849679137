import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BaselineRecord,
  BaselinesResponse,
  CheckDefinitionsResponse,
  ChecksOverviewResponse,
  EntityChecksWithHistory,
  Exemption,
  ExemptionDecision,
  ExemptionListFilter,
  ExemptionListResponse,
  ExemptionRequest,
  MetricsResponse,
  OwnerChecksResponse,
  OverviewResponse,
  OwnerBreakdownResponse,
  ScorecardResponse,
  StartBaselineRequest,
} from '@shewhart/plugin-quality-scorecard-common';

// Declared in -common, where the backend's route handlers use them too;
// re-exported so that imports from this package keep working.
export type {
  CheckDefinitionsResponse,
  EntityChecksWithHistory,
  ExemptionDecision,
  ExemptionRequest,
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
  getCheckDefinitions(): Promise<CheckDefinitionsResponse>;
  getEntityChecks(entityRef: string): Promise<EntityChecksWithHistory>;
  getOwnerChecks(entityRef: string): Promise<OwnerChecksResponse>;
  getChecksOverview(): Promise<ChecksOverviewResponse>;
  listExemptions(filter?: ExemptionListFilter): Promise<ExemptionListResponse>;
  requestExemption(request: ExemptionRequest): Promise<Exemption>;
  decideExemption(
    id: number,
    decision: ExemptionDecision,
    note?: string,
  ): Promise<Exemption>;
  /** The baselines people have started for an entity's charts. */
  getBaselines(entityRef: string): Promise<BaselinesResponse>;
  /** Starts a new baseline for one metric of an entity, or for all of them. */
  startBaseline(
    entityRef: string,
    request: StartBaselineRequest,
  ): Promise<BaselineRecord>;
}

/** @public */
export const qualityScorecardApiRef = createApiRef<QualityScorecardApi>({
  id: 'plugin.quality-scorecard.service',
});
