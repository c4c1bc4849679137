import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BaselineRecord,
  BaselinesResponse,
  CampaignDetailResponse,
  CampaignListResponse,
  CampaignMembershipResponse,
  CheckDefinitionsResponse,
  ChecksOverviewResponse,
  EntityEventsResponse,
  EntityChecksWithHistory,
  Exemption,
  ExemptionDecision,
  ExemptionListFilter,
  ExemptionListResponse,
  ExemptionRequest,
  MetricChartResponse,
  MetricId,
  MetricsResponse,
  OwnerChecksResponse,
  OverviewResponse,
  OwnerBreakdownResponse,
  ScorecardResponse,
  ScorecardSummaryResponse,
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
  /**
   * What the Quality tab shows first (`?view=summary`): the scorecard
   * without each metric's weekly series and control chart.
   */
  getEntityScorecardSummary(
    entityRef: string,
    window?: ScorecardWindow,
  ): Promise<ScorecardSummaryResponse>;
  /** The summary of an owner's roll-up (`?view=summary`). */
  getOwnerScorecardSummary(
    entityRef: string,
    window?: ScorecardWindow,
  ): Promise<ScorecardSummaryResponse>;
  /** One metric's weekly series and control chart, as the full scorecard of the window holds them. */
  getMetricChart(
    scope: 'entity' | 'owner',
    entityRef: string,
    metricId: MetricId,
    window?: ScorecardWindow,
  ): Promise<MetricChartResponse>;
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
  /** Recomputes an entity's snapshots now (permission quality-scorecard.refresh). */
  refreshEntity(
    entityRef: string,
  ): Promise<{ entityRef: string; weeks: number }>;
  /** An entity's incidents and bugs created in the window, newest first. */
  getEntityEvents(
    entityRef: string,
    window?: ScorecardWindow,
  ): Promise<EntityEventsResponse>;
  /**
   * The sync status of a source module (`github`, `gitlab`, `jira`);
   * undefined when that module is not installed (404).
   */
  getSyncStatus(source: string): Promise<SourceSyncStatus | undefined>;
  /** Every campaign with its counts today. */
  getCampaigns(): Promise<CampaignListResponse>;
  /** A campaign's owners, entities and daily series. */
  getCampaign(id: string): Promise<CampaignDetailResponse>;
  /** The campaigns an entity is in, with its standing. */
  getEntityCampaigns(entityRef: string): Promise<CampaignMembershipResponse>;
  /** The campaigns that hold an owner's entities (through sub-groups too). */
  getOwnerCampaigns(entityRef: string): Promise<CampaignMembershipResponse>;
}

/**
 * What a source module's `GET /<source>/sync/status` answers; the lists of
 * repositories/projects differ by source.
 * @public
 */
export interface SourceSyncStatus {
  enabled: boolean;
  reason?: string;
  runs: SyncRunStatus[];
  repositories?: Array<{
    repository: string;
    status?: string | null;
    error?: string | null;
    lastFinishedAt?: string | null;
  }>;
  projects?: Array<{
    project: string;
    status?: string | null;
    error?: string | null;
    lastFinishedAt?: string | null;
  }>;
}

/** @public */
export interface SyncRunStatus {
  id: number | string;
  /** Absent or null: the sync of everything. */
  entityRef?: string | null;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  repositories?: { total: number | null; done: number | null };
  projects?: { total: number | null; done: number | null };
}

/** @public */
export const qualityScorecardApiRef = createApiRef<QualityScorecardApi>({
  id: 'plugin.quality-scorecard.service',
});
