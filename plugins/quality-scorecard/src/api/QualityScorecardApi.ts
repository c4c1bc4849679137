import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CheckDefinitionInfo,
  EntityChecksResponse,
  Exemption,
  ExemptionStatus,
  LevelDistribution,
  LevelInfo,
  MetricsResponse,
  OwnerChecksResponse,
  OverviewResponse,
  OwnerBreakdownResponse,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';

/** @public */
export interface ScorecardWindow {
  from?: string;
  to?: string;
}

/** GET /checks: the configured checks and levels. @public */
export interface CheckDefinitionsResponse {
  checks: CheckDefinitionInfo[];
  levels: LevelInfo[];
  windowDays: number;
}

/** GET /checks/entity/...: results plus the level history. @public */
export type EntityChecksWithHistory = EntityChecksResponse & {
  history?: Array<Record<string, unknown>>;
};

/** @public */
export interface ExemptionRequest {
  entityRef: string;
  checkId: string;
  reason: string;
  /** ISO date-time. */
  expiresAt: string;
}

/** @public */
export type ExemptionDecision = 'approve' | 'deny' | 'revoke';

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
  getChecksOverview(): Promise<{ groups: LevelDistribution[] }>;
  listExemptions(filter?: {
    status?: ExemptionStatus;
    entityRef?: string;
  }): Promise<{ items: Exemption[] }>;
  requestExemption(request: ExemptionRequest): Promise<Exemption>;
  decideExemption(
    id: number,
    decision: ExemptionDecision,
    note?: string,
  ): Promise<Exemption>;
}

/** @public */
export const qualityScorecardApiRef = createApiRef<QualityScorecardApi>({
  id: 'plugin.quality-scorecard.service',
});
