import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  MetricsResponse,
  OverviewResponse,
  OwnerBreakdownResponse,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { QualityScorecardApi, ScorecardWindow } from './QualityScorecardApi';

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
}
