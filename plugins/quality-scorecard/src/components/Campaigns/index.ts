export { EntityCampaignsCard } from './EntityCampaignsCard';
export { OwnerCampaignsCard } from './OwnerCampaignsCard';
export { CampaignsOverview } from './CampaignsOverview';
export { burnUpPoints, orderCampaigns } from './burnUp';
export type { BurnUpPoint } from './burnUp';
