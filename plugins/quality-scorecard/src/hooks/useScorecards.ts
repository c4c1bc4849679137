import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { qualityScorecardApiRef } from '../api';
import { windowOfDays } from '../components/format';

/**
 * The scorecard of an entity, or the roll-up of an owner (Group or User), for
 * the last `days` days. While a new window loads (or `retry` reloads it),
 * the previous value stays.
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
      ? api.getOwnerScorecard(entityRef, window)
      : api.getEntityScorecard(entityRef, window);
  }, [api, entityRef, scope, days]);
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
