import type { EntityEvents } from '../database/types';
import { detectAiAssistance, AiDetectionOptions, DEFAULT_AI_DETECTION } from './aiDetection';
import {
  deploymentForPullRequest,
  hasIndependentApproval,
  leadTimeSeconds,
  linkIncidentsToDeployments,
  productionDeployments,
  revertedPullRequests,
} from './linking';
import { dayOf, weekStartOf } from './time';

/** A violation of the AI-code review policy by one merged PR. */
export interface PolicyViolation {
  pullRequest: number;
  url: string;
  author: string;
  title: string;
  mergedAt: number;
  rules: Array<{ id: string; reason: string }>;
}

/**
 * The sufficient statistics of one entity-week: every metric of any window
 * and of any owner roll-up is computed by pooling these.
 */
export interface WeekStats {
  deployments: number;
  deployDays: string[];
  failedDeployments: number;
  leadTimes: number[];
  restoreTimes: number[];
  merged: number;
  closed: number;
  cycleTimes: number[];
  authors: string[];
  incidents: number;
  bugs: number;
  reverted: number;
  reviewed: number;
  aiAssisted: number;
  aiApplicable: number;
  aiCompliant: number;
  aiMerged: number;
  aiIncidents: number;
  aiReverted: number;
  aiReviewed: number;
  violations: PolicyViolation[];
}

export function emptyWeekStats(): WeekStats {
  return {
    deployments: 0,
    deployDays: [],
    failedDeployments: 0,
    leadTimes: [],
    restoreTimes: [],
    merged: 0,
    closed: 0,
    cycleTimes: [],
    authors: [],
    incidents: 0,
    bugs: 0,
    reverted: 0,
    reviewed: 0,
    aiAssisted: 0,
    aiApplicable: 0,
    aiCompliant: 0,
    aiMerged: 0,
    aiIncidents: 0,
    aiReverted: 0,
    aiReviewed: 0,
    violations: [],
  };
}

export interface EngineOptions {
  productionEnvironments: string[];
  aiDetection?: AiDetectionOptions;
}

/**
 * Computes the weekly statistics of one entity from all of its events. Pure:
 * no clock, no I/O.
 */
export function computeWeeklyStats(
  events: EntityEvents,
  options: EngineOptions,
): Map<number, WeekStats> {
  const weeks = new Map<number, WeekStats>();
  const week = (ms: number) => {
    const start = weekStartOf(ms);
    let stats = weeks.get(start);
    if (!stats) {
      stats = emptyWeekStats();
      weeks.set(start, stats);
    }
    return stats;
  };

  const deployments = productionDeployments(events.deployments, options.productionEnvironments);
  const links = linkIncidentsToDeployments(events.incidents, deployments);
  for (const d of deployments) {
    const w = week(d.finishedAt);
    w.deployments += 1;
    const day = dayOf(d.finishedAt);
    if (!w.deployDays.includes(day)) w.deployDays.push(day);
    if ((links.get(d.id)?.length ?? 0) > 0) w.failedDeployments += 1;
  }

  const reverted = revertedPullRequests(events.pullRequests);
  const aiByNumber = new Map<number, boolean>();
  const incidentsByPr = new Map<number, number>();
  for (const i of events.incidents) {
    if (i.causedByPr !== null) incidentsByPr.set(i.causedByPr, (incidentsByPr.get(i.causedByPr) ?? 0) + 1);
  }
  for (const pr of events.pullRequests) {
    if (pr.closedAt !== null || pr.mergedAt !== null) {
      week(pr.mergedAt ?? pr.closedAt!).closed += 1;
    }
    if (pr.mergedAt === null) continue;
    const w = week(pr.mergedAt);
    w.merged += 1;
    w.cycleTimes.push(Math.max(0, pr.mergedAt - pr.createdAt) / 1000);
    if (!w.authors.includes(pr.author)) w.authors.push(pr.author);
    const isReverted = reverted.has(pr.number);
    const approved = hasIndependentApproval(pr);
    if (isReverted) w.reverted += 1;
    if (approved) w.reviewed += 1;

    const ai = detectAiAssistance(pr, options.aiDetection ?? DEFAULT_AI_DETECTION);
    aiByNumber.set(pr.number, ai.aiAssisted);
    if (ai.aiAssisted) {
      w.aiAssisted += 1;
      w.aiMerged += 1;
      w.aiIncidents += incidentsByPr.get(pr.number) ?? 0;
      if (isReverted) w.aiReverted += 1;
      if (approved) w.aiReviewed += 1;
      // Default policy until configurable policies land: an AI-assisted PR
      // needs an approval by a human other than its author.
      w.aiApplicable += 1;
      if (approved) {
        w.aiCompliant += 1;
      } else {
        w.violations.push({
          pullRequest: pr.number,
          url: pr.url,
          author: pr.author,
          title: pr.title,
          mergedAt: pr.mergedAt,
          rules: [
            {
              id: 'independent-approval',
              reason: 'no approving review by a human other than the author',
            },
          ],
        });
      }
    }

    const deployment = deploymentForPullRequest(pr, deployments);
    if (deployment) {
      week(deployment.finishedAt).leadTimes.push(leadTimeSeconds(pr, deployment.finishedAt));
    }
  }

  for (const incident of events.incidents) {
    week(incident.createdAt).incidents += 1;
    if (incident.resolvedAt !== null) {
      week(incident.resolvedAt).restoreTimes.push(
        Math.max(0, incident.resolvedAt - incident.createdAt) / 1000,
      );
    }
  }
  for (const bug of events.bugs) {
    week(bug.createdAt).bugs += 1;
  }
  return weeks;
}
