/* Persistence-only types: the raw delivery log and write results. The stored
 * events and snapshots are the engine's model (engine/model.ts). */
export type {
  AttributedEvent,
  EntityEvents,
  IncidentStatus,
  SnapshotRow,
  StoredBug,
  StoredDeployment,
  StoredIncident,
  StoredPullRequest,
} from '../engine/model';

export interface WriteResult {
  accepted: number;
  duplicates: number;
  unattributed: number;
}

export interface RawDelivery {
  id: number;
  source: string;
  deliveryId: string;
  eventName: string;
  receivedAt: number;
  payload: string;
  /** Failed attempts since it was last processed. */
  attempts?: number;
}

/** A delivery set aside for good: its payload cannot be mapped, or every attempt failed. */
export interface FailedDelivery {
  id: number;
  source: string;
  deliveryId: string;
  eventName: string;
  receivedAt: number;
  failedAt: number;
  attempts: number;
  error: string;
}

/** How much one webhook secret of a source verified (by its fingerprint). */
export interface DeliverySecretUsage {
  source: string;
  fingerprint: string;
  /** Stored deliveries it verified in the window asked for. */
  deliveries: number;
  /** When the latest stored delivery it verified was received (epoch ms). */
  lastReceivedAt: number;
}

/** What an operator sees of the raw log: deliveries waiting for a retry, and failed ones. */
export interface DeliveryCounts {
  retrying: number;
  failed: number;
}

export interface UnattributedSummary {
  type: string;
  repository: string | null;
  pagerDutyServiceId: string | null;
  gitlabProject: string | null;
  gitlabInstance: string | null;
  /** Modules' locator keys, most specific first. */
  locators: string[] | null;
  count: number;
}
