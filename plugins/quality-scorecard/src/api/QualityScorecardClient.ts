import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  BaselineRecord,
  BaselinesResponse,
  CampaignDetailResponse,
  CampaignListResponse,
  CampaignMembershipResponse,
  CheckDefinitionsResponse,
  ChecksOverviewResponse,
  EntityChecksWithHistory,
  EntityEventsResponse,
  Exemption,
  ExemptionDecision,
  ExemptionDecisionRequest,
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
import {
  QualityScorecardApi,
  ScorecardWindow,
  SourceSyncStatus,
} from './QualityScorecardApi';

/** @public */
export class QualityScorecardClient implements QualityScorecardApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string, window?: ScorecardWindow): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('quality-scorecard');
    const query = new URLSearchParams();
    if (window?.from) query.set('from', window.from);
    if (window?.to) query.set('to', window.to);
    const qs = query.toString();
    const response = await this.deps.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async request<T>(
    path: string,
    init?: { method: 'POST'; body: unknown },
    query?: Record<string, string | undefined>,
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('quality-scorecard');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value) params.set(key, value);
    }
    const qs = params.toString();
    const response = await this.deps.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
      init && {
        method: init.method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private static entityPath(entityRef: string) {
    const ref = parseEntityRef(entityRef);
    return [ref.kind, ref.namespace, ref.name]
      .map(encodeURIComponent)
      .join('/');
  }

  getMetrics() {
    return this.get<MetricsResponse>('/metrics');
  }

  getEntityScorecard(entityRef: string, window?: ScorecardWindow) {
    return this.get<ScorecardResponse>(
      `/scorecards/entity/${QualityScorecardClient.entityPath(entityRef)}`,
      window,
    );
  }

  getOwnerScorecard(entityRef: string, window?: ScorecardWindow) {
    return this.get<ScorecardResponse>(
      `/scorecards/owner/${QualityScorecardClient.entityPath(entityRef)}`,
      window,
    );
  }

  getEntityScorecardSummary(entityRef: string, window?: ScorecardWindow) {
    return this.request<ScorecardSummaryResponse>(
      `/scorecards/entity/${QualityScorecardClient.entityPath(entityRef)}`,
      undefined,
      { from: window?.from, to: window?.to, view: 'summary' },
    );
  }

  getOwnerScorecardSummary(entityRef: string, window?: ScorecardWindow) {
    return this.request<ScorecardSummaryResponse>(
      `/scorecards/owner/${QualityScorecardClient.entityPath(entityRef)}`,
      undefined,
      { from: window?.from, to: window?.to, view: 'summary' },
    );
  }

  getMetricChart(
    scope: 'entity' | 'owner',
    entityRef: string,
    metricId: MetricId,
    window?: ScorecardWindow,
  ) {
    return this.get<MetricChartResponse>(
      `/scorecards/${scope}/${QualityScorecardClient.entityPath(
        entityRef,
      )}/metrics/${encodeURIComponent(metricId)}/chart`,
      window,
    );
  }

  getOwnerBreakdown(entityRef: string, window?: ScorecardWindow) {
    return this.get<OwnerBreakdownResponse>(
      `/scorecards/owner/${QualityScorecardClient.entityPath(
        entityRef,
      )}/breakdown`,
      window,
    );
  }

  getOverview(window?: ScorecardWindow) {
    return this.get<OverviewResponse>('/overview', window);
  }

  getCheckDefinitions() {
    return this.request<CheckDefinitionsResponse>('/checks');
  }

  getEntityChecks(entityRef: string) {
    return this.request<EntityChecksWithHistory>(
      `/checks/entity/${QualityScorecardClient.entityPath(entityRef)}`,
    );
  }

  getOwnerChecks(entityRef: string) {
    return this.request<OwnerChecksResponse>(
      `/checks/owner/${QualityScorecardClient.entityPath(entityRef)}`,
    );
  }

  getChecksOverview() {
    return this.request<ChecksOverviewResponse>('/checks/overview');
  }

  listExemptions(filter?: ExemptionListFilter) {
    return this.request<ExemptionListResponse>('/exemptions', undefined, {
      status: filter?.status,
      entityRef: filter?.entityRef,
    });
  }

  requestExemption(request: ExemptionRequest) {
    return this.request<Exemption>('/exemptions', {
      method: 'POST',
      body: request,
    });
  }

  decideExemption(id: number, decision: ExemptionDecision, note?: string) {
    const body: ExemptionDecisionRequest = note ? { note } : {};
    return this.request<Exemption>(
      `/exemptions/${encodeURIComponent(String(id))}/${decision}`,
      { method: 'POST', body },
    );
  }

  getBaselines(entityRef: string) {
    return this.request<BaselinesResponse>(
      `/baselines/entity/${QualityScorecardClient.entityPath(entityRef)}`,
    );
  }

  startBaseline(entityRef: string, request: StartBaselineRequest) {
    return this.request<BaselineRecord>(
      `/baselines/entity/${QualityScorecardClient.entityPath(entityRef)}`,
      { method: 'POST', body: request },
    );
  }

  refreshEntity(entityRef: string) {
    return this.request<{ entityRef: string; weeks: number }>(
      `/scorecards/entity/${QualityScorecardClient.entityPath(
        entityRef,
      )}/refresh`,
      { method: 'POST', body: {} },
    );
  }

  getEntityEvents(entityRef: string, window?: ScorecardWindow) {
    return this.get<EntityEventsResponse>(
      `/events/entity/${QualityScorecardClient.entityPath(entityRef)}`,
      window,
    );
  }

  async getSyncStatus(source: string) {
    try {
      return await this.get<SourceSyncStatus>(
        `/${encodeURIComponent(source)}/sync/status`,
      );
    } catch (error) {
      // A module that is not installed serves no route.
      if ((error as ResponseError).response?.status === 404) return undefined;
      throw error;
    }
  }

  getCampaigns() {
    return this.request<CampaignListResponse>('/campaigns');
  }

  getCampaign(id: string) {
    return this.request<CampaignDetailResponse>(
      `/campaigns/${encodeURIComponent(id)}`,
    );
  }

  getEntityCampaigns(entityRef: string) {
    return this.request<CampaignMembershipResponse>(
      `/campaigns/entity/${QualityScorecardClient.entityPath(entityRef)}`,
    );
  }

  getOwnerCampaigns(entityRef: string) {
    return this.request<CampaignMembershipResponse>(
      `/campaigns/owner/${QualityScorecardClient.entityPath(entityRef)}`,
    );
  }
}
