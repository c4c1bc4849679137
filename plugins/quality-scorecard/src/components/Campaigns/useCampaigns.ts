import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { qualityScorecardApiRef } from '../../api';

export function useCampaignList() {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(async () => api.getCampaigns(), [api]);
}

export function useCampaignDetail(id: string) {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(async () => api.getCampaign(id), [api, id]);
}

export function useEntityCampaigns(entityRef: string) {
  const api = useApi(qualityScorecardApiRef);
  return useAsyncRetry(
    async () => api.getEntityCampaigns(entityRef),
    [api, entityRef],
  );
}

export function useOwnerCampaigns(entityRef: string) {
  const api = useApi(qualityScorecardApiRef);
  return useAsync(
    async () => api.getOwnerCampaigns(entityRef),
    [api, entityRef],
  );
}
