import { bySeverity, SeverityOptions } from './severity';
import type { EntityEvents, StoredPullRequest } from './model';
import { detectAiAssistance, AiDetectionOptions, DEFAULT_AI_DETECTION } from './aiDetection';
import {
  deploymentForPullRequest,
  hasIndependentApproval,
  leadTimeSeconds,
  linkIncidentsToDeployments,
  productionDeployments,
  revertedPullRequests,
} from './linking';
import { CompiledPolicy, defaultPolicies, evaluatePolicies } from './policy';
import { deployTimeSeconds, prFlowTimes } from './prFlow';
import { recoveryOf } from './recovery';
import { DEFAULT_REWORK, ReworkOptions, isReworkDeployment, reworkMatcher } from './rework';
import { dayOf, weekStartOf } from './time';
import { SharedContribution, SharedContributionRecorder } from './sharedEvents';

/** A violation of the AI-code review policy by one merged PR. */
export interface PolicyViolation {
  pullRequest: number;
  url: string;
  author: string;
  title: string;
  mergedAt: number;
  policy: string;
  signals: string[];
  confidence: number;
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
  /** Failed deployment → resolution of its last incident, seconds, in the week of the recovery. */
  recoveryTimes: number[];
  /** Production deployments that were rework (unplanned). */
  reworkDeployments: number;
  /** PR flow parts of PRs merged in the week (deploy time: of deployments in the week), seconds. */
  codingTimes: number[];
  pickupTimes: number[];
  reviewTimes: number[];
  deployTimes: number[];
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
  /** Created → merged of AI-assisted merged PRs, seconds. */
  aiCycleTimes: number[];
  /** Incidents attributed to non-AI merged PRs (summed per PR). */
  nonAiIncidents: number;
  /** Created → merged of other merged PRs, seconds. */
  nonAiCycleTimes: number[];
  violations: PolicyViolation[];
  /** What each event of several entities added (engine/sharedEvents.ts); absent when none. */
  shared?: SharedContribution[];
}

export function emptyWeekStats(): WeekStats {
  return {
    deployments: 0,
    deployDays: [],
    failedDeployments: 0,
    leadTimes: [],
    restoreTimes: [],
    recoveryTimes: [],
    reworkDeployments: 0,
    codingTimes: [],
    pickupTimes: [],
    reviewTimes: [],
    deployTimes: [],
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
    aiCycleTimes: [],
    nonAiIncidents: 0,
    nonAiCycleTimes: [],
    violations: [],
  };
}

export interface EngineOptions {
  productionEnvironments: string[];
  aiDetection?: AiDetectionOptions;
  /** The AI-code review policies that apply to this entity (default: the built-in one). */
  policies?: CompiledPolicy[];
  /** What marks a deployment as rework (default: DEFAULT_REWORK). */
  rework?: ReworkOptions;
  /** Which incidents and bugs count, by severity (default: all). */
  severities?: SeverityOptions;
}

/** Bots and AI agent accounts: their reviews are never human reviews. */
export function automationMatcher(detection: AiDetectionOptions) {
  const agents = new Set(detection.agentAuthors.map(a => a.toLowerCase()));
  return (login: string) => {
    const l = login.toLowerCase();
    return l.endsWith('[bot]') || agents.has(l);
  };
}

/**
 * Computes the weekly statistics of one entity from all of its events. Pure:
 * no clock, no I/O.
 */
export function computeWeeklyStats(
  allEvents: EntityEvents,
  options: EngineOptions,
): Map<number, WeekStats> {
  const events = bySeverity(allEvents, options.severities);
  const weeks = new Map<number, WeekStats>();
  // Events of several entities record what they add, for roll-ups to count once.
  const recorder = new SharedContributionRecorder();
  const week = (ms: number) => {
    const start = weekStartOf(ms);
    let stats = weeks.get(start);
    if (!stats) {
      stats = emptyWeekStats();
      weeks.set(start, stats);
    }
    recorder.touch(start, stats);
    return stats;
  };

  const deployments = productionDeployments(events.deployments, options.productionEnvironments);
  const links = linkIncidentsToDeployments(events.incidents, deployments);

  const reverted = revertedPullRequests(events.pullRequests);
  const detection = options.aiDetection ?? DEFAULT_AI_DETECTION;
  const policies = options.policies ?? defaultPolicies();
  const isAutomation = automationMatcher(detection);

  // Which merged PRs each production deployment shipped, so that an incident
  // linked to a deployment is attributed to the PRs it shipped.
  const merged = events.pullRequests.filter(pr => pr.mergedAt !== null);
  const shippedBy = new Map<string, StoredPullRequest[]>();
  const deploymentOf = new Map<StoredPullRequest, ReturnType<typeof deploymentForPullRequest>>();
  for (const pr of merged) {
    const deployment = deploymentForPullRequest(pr, deployments);
    deploymentOf.set(pr, deployment);
    if (deployment) shippedBy.set(deployment.id, [...(shippedBy.get(deployment.id) ?? []), pr]);
  }

  const incidentById = new Map(events.incidents.map(i => [i.id, i]));
  const isReworkPr = reworkMatcher(options.rework ?? DEFAULT_REWORK, events.incidents);
  for (const d of deployments) {
    recorder.run(d.sharedKey, () => {
      const w = week(d.finishedAt);
      w.deployments += 1;
      const day = dayOf(d.finishedAt);
      if (!w.deployDays.includes(day)) w.deployDays.push(day);
      if (isReworkDeployment(d, shippedBy.get(d.id) ?? [], isReworkPr)) w.reworkDeployments += 1;
      const linked = links.get(d.id) ?? [];
      if (linked.length === 0) return;
      w.failedDeployments += 1;
      const recovery = recoveryOf(d, linked.map(id => incidentById.get(id)!));
      if (recovery) week(recovery.recoveredAt).recoveryTimes.push(recovery.seconds);
    });
  }

  const incidentsByPr = new Map<number, number>();
  const countFor = (n: number) => incidentsByPr.set(n, (incidentsByPr.get(n) ?? 0) + 1);
  const deploymentOfIncident = new Map<string, string>();
  for (const [deploymentId, incidentIds] of links) {
    for (const id of incidentIds) deploymentOfIncident.set(id, deploymentId);
  }
  for (const i of events.incidents) {
    if (i.causedByPr !== null) {
      countFor(i.causedByPr);
      continue;
    }
    const deploymentId = deploymentOfIncident.get(i.id);
    for (const pr of deploymentId ? shippedBy.get(deploymentId) ?? [] : []) countFor(pr.number);
  }

  for (const pr of events.pullRequests) {
    if (pr.closedAt !== null || pr.mergedAt !== null) {
      recorder.run(pr.sharedKey, () => {
        week(pr.mergedAt ?? pr.closedAt!).closed += 1;
      });
    }
  }
  for (const pr of merged) {
    recorder.run(pr.sharedKey, () => {
      const mergedAt = pr.mergedAt!;
      const w = week(mergedAt);
      const cycleTime = Math.max(0, mergedAt - pr.createdAt) / 1000;
      w.merged += 1;
      w.cycleTimes.push(cycleTime);
      const flow = prFlowTimes(pr, isAutomation);
      if (flow.coding !== undefined) w.codingTimes.push(flow.coding);
      if (flow.pickup !== undefined) w.pickupTimes.push(flow.pickup);
      if (flow.review !== undefined) w.reviewTimes.push(flow.review);
      if (!w.authors.includes(pr.author)) w.authors.push(pr.author);
      const isReverted = reverted.has(pr.number);
      const approved = hasIndependentApproval(pr, isAutomation);
      const incidents = incidentsByPr.get(pr.number) ?? 0;
      if (isReverted) w.reverted += 1;
      if (approved) w.reviewed += 1;

      const ai = detectAiAssistance(pr, detection);
      const confidence = ai.confidence;
      const signals = ai.signals.map(s => s.detail);
      if (ai.aiAssisted) {
        w.aiAssisted += 1;
        w.aiMerged += 1;
        w.aiIncidents += incidents;
        w.aiCycleTimes.push(cycleTime);
        if (isReverted) w.aiReverted += 1;
        if (approved) w.aiReviewed += 1;
      } else {
        w.nonAiIncidents += incidents;
        w.nonAiCycleTimes.push(cycleTime);
      }

      const verdict = evaluatePolicies(pr, policies, {
        ai: { aiAssisted: ai.aiAssisted, confidence, signals },
        isAutomation,
      });
      if (verdict.applicable) {
        w.aiApplicable += 1;
        if (verdict.compliant) {
          w.aiCompliant += 1;
        } else {
          w.violations.push({
            pullRequest: pr.number,
            url: pr.url,
            author: pr.author,
            title: pr.title,
            mergedAt,
            policy: [...new Set(verdict.failures.map(f => f.policy))].join(', '),
            signals,
            confidence,
            rules: verdict.failures.map(f => ({ id: f.id, reason: f.reason })),
          });
        }
      }

      const deployment = deploymentOf.get(pr);
      if (deployment) {
        const deployed = week(deployment.finishedAt);
        deployed.leadTimes.push(leadTimeSeconds(pr, deployment.finishedAt));
        const deployTime = deployTimeSeconds(pr, deployment.finishedAt);
        if (deployTime !== undefined) deployed.deployTimes.push(deployTime);
      }
    });
  }

  for (const incident of events.incidents) {
    recorder.run(incident.sharedKey, () => {
      week(incident.createdAt).incidents += 1;
      if (incident.resolvedAt !== null) {
        week(incident.resolvedAt).restoreTimes.push(
          Math.max(0, incident.resolvedAt - incident.createdAt) / 1000,
        );
      }
    });
  }
  for (const bug of events.bugs) {
    recorder.run(bug.sharedKey, () => {
      week(bug.createdAt).bugs += 1;
    });
  }
  return weeks;
}
