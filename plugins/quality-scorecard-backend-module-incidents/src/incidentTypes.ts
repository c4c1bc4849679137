import type { IncidentEvent } from '@shewhart/plugin-quality-scorecard-common';

/** PagerDuty's statuses, which the plugin stores for every incident source. */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** An incident as the webhook store reads it back. */
export type StoredIncident = IncidentEvent & {
  statusAt?: number;
  status?: IncidentStatus;
};

/** An incident as a source maps it: with the status it reached and when (epoch ms). */
export type MappedIncident = IncidentEvent & {
  statusAt: number;
  status: IncidentStatus;
};
