/*
 * The hand-written response types of this package, which the backend's
 * handlers, the frontend client and the tech-insights retriever use, are the
 * types generated from the OpenAPI document: each pair is checked both ways
 * by tsc, so a change to one without the other does not compile.
 */
import type {
  EntitiesChecksResponse,
  GateResponse,
  MetricsResponse,
  OverviewResponse,
  OwnerBreakdownResponse,
  OwnerChecksResponse,
  QualityFactsResponse,
  ScorecardResponse,
  ScorecardSummaryResponse,
  MetricChartResponse,
  Exemption,
} from '../api';
import type {
  CheckDefinitionsResponse,
  ChecksOverviewResponse,
  EntityChecksWithHistory,
  ExemptionListResponse,
} from '../checksApi';
import type { BaselineRecord, BaselinesResponse } from '../controlChart';
import type {
  CampaignDetailResponse,
  CampaignListResponse,
  CampaignMembershipResponse,
  CampaignSummary,
} from '../campaignsApi';
import type { IngestResponse } from '../events';
import type { EntityEventsResponse } from '../listingsApi';
import type { OperationResponse as Res } from './operations';

/** True when A and B accept the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** Compiles only while every pair is the same type. */
export type ResponseTypesMatchTheContract = [
  Assert<Same<MetricsResponse, Res<'ListMetrics'>>>,
  Assert<Same<IngestResponse, Res<'IngestEvents'>>>,
  Assert<
    Same<ScorecardResponse | ScorecardSummaryResponse, Res<'EntityScorecard'>>
  >,
  Assert<
    Same<ScorecardResponse | ScorecardSummaryResponse, Res<'OwnerScorecard'>>
  >,
  Assert<Same<MetricChartResponse, Res<'EntityMetricChart'>>>,
  Assert<Same<MetricChartResponse, Res<'OwnerMetricChart'>>>,
  Assert<Same<OwnerBreakdownResponse, Res<'OwnerBreakdown'>>>,
  Assert<Same<OverviewResponse, Res<'Overview'>>>,
  Assert<Same<CheckDefinitionsResponse, Res<'ListChecks'>>>,
  Assert<Same<ChecksOverviewResponse, Res<'ChecksOverview'>>>,
  Assert<Same<EntityChecksWithHistory, Res<'EntityChecks'>>>,
  Assert<Same<OwnerChecksResponse, Res<'OwnerChecks'>>>,
  Assert<Same<GateResponse, Res<'Gate'>>>,
  Assert<Same<ExemptionListResponse, Res<'ListExemptions'>>>,
  Assert<Same<Exemption, Res<'RequestExemption'>>>,
  Assert<Same<Exemption, Res<'ApproveExemption'>>>,
  Assert<Same<CampaignListResponse, Res<'ListCampaigns'>>>,
  Assert<Same<CampaignDetailResponse, Res<'GetCampaign'>>>,
  Assert<Same<CampaignSummary, Res<'CreateCampaign'>>>,
  Assert<Same<CampaignSummary, Res<'UpdateCampaign'>>>,
  Assert<Same<CampaignSummary, Res<'CloseCampaign'>>>,
  Assert<Same<CampaignMembershipResponse, Res<'EntityCampaigns'>>>,
  Assert<Same<CampaignMembershipResponse, Res<'OwnerCampaigns'>>>,
  Assert<Same<QualityFactsResponse, Res<'EntitiesFacts'>>>,
  Assert<Same<EntitiesChecksResponse, Res<'EntitiesChecks'>>>,
  Assert<Same<BaselinesResponse, Res<'ListBaselines'>>>,
  Assert<Same<BaselineRecord, Res<'StartBaseline'>>>,
  Assert<Same<EntityEventsResponse, Res<'ListEntityEvents'>>>,
];
