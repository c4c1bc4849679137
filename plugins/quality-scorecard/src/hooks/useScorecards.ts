import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MetricId,
  ScorecardSummaryResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../api';
import { windowOfDays } from '../components/format';

/**
 * The summary of the scorecard of an entity, or of the roll-up of an owner
 * (Group or User), for the last `days` days: what the tab shows first, each
 * metric without its weekly series and control chart (`useMetricChart`
 * reads those). While a new window loads (or `retry` reloads it), the
 * previous value stays.
 */
export function useScorecard(
  entityRef: string,
  scope: 'entity' | 'owner',
  days: number,
) {
  const api = useApi(qualityScorecardApiRef);
  return useAsyncRetry(async () => {
    const window = windowOfDays(days);
    return scope === 'owner'
      ? api.getOwnerScorecardSummary(entityRef, window)
      : api.getEntityScorecardSummary(entityRef, window);
  }, [api, entityRef, scope, days]);
}

/**
 * One metric's weekly series and control chart, read when it is drawn, for
 * the window of the summary it belongs to; a summary read again (a new
 * window, a reload) reads the chart again. Nothing while `metricId` is
 * undefined.
 */
export function useMetricChart(
  summary: Pick<ScorecardSummaryResponse, 'entityRef' | 'window' | 'entities'>,
  metricId: MetricId | undefined,
) {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(async () => {
    if (!metricId) return undefined;
    // Only an owner's roll-up lists the entities it rolls up.
    const scope = summary.entities ? 'owner' : 'entity';
    return api.getMetricChart(
      scope,
      summary.entityRef,
      metricId,
      summary.window,
    );
  }, [api, summary, metricId]);
}

/** The services and direct sub-groups of an owner, for the last `days` days. */
export function useOwnerBreakdown(entityRef: string, days: number) {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(
    async () => api.getOwnerBreakdown(entityRef, windowOfDays(days)),
    [api, entityRef, days],
  );
}

/** Every group's roll-up, for the last `days` days. */
export function useOverview(days: number) {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(async () => api.getOverview(windowOfDays(days)), [api, days]);
}
