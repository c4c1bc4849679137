import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { ExemptionListFilter } from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';

/** The configured checks and levels (empty when none are configured). */
export function useCheckDefinitions() {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(async () => api.getCheckDefinitions(), [api]);
}

export function useEntityChecks(entityRef: string) {
  const api = useApi(qualityScorecardApiRef);
  return useAsyncRetry(
    async () => api.getEntityChecks(entityRef),
    [api, entityRef],
  );
}

export function useExemptions(filter: ExemptionListFilter) {
  const api = useApi(qualityScorecardApiRef);
  const { status, entityRef } = filter;
  return useAsyncRetry(
    async () => api.listExemptions({ status, entityRef }),
    [api, status, entityRef],
  );
}
