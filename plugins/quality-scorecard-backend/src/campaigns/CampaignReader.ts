import type {
  CampaignDetailResponse,
  CampaignMembershipResponse,
  CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * What the routes, the reminders and the AI-agent actions read of campaigns
 * (implemented by CampaignService). `now` is epoch milliseconds; "today" is
 * its UTC date.
 */
export interface CampaignReader {
  /** Every campaign (config and database), each with its progress today. */
  list(now: number): Promise<CampaignSummary[]>;
  /** One campaign with owners, entities and its daily series; NotFoundError when unknown. */
  detail(id: string, now: number): Promise<CampaignDetailResponse>;
  /**
   * The active and closed campaigns that hold any of these entities, with
   * those entities' standing (an owner's page passes the owner's entities).
   */
  forEntities(
    entityRefs: string[],
    now: number,
  ): Promise<CampaignMembershipResponse>;
}
