import type {
  CheckDefinitionsResponse,
  CheckResult,
  EntityChecksWithHistory,
  Exemption,
  LevelDistribution,
  LevelInfo,
  OwnerChecksResponse,
} from '@shewhart/plugin-quality-scorecard-common';

/*
 * Check responses shaped like the backend's for the demo portal's
 * app-config.yaml checks (bronze → silver → gold), for payments-api: bronze
 * held, silver missed on review coverage, AI policy exempt.
 */

export const LEVELS: LevelInfo[] = [
  {
    id: 'bronze',
    title: 'Bronze',
    checks: ['deploys-weekly', 'change-failure-rate'],
  },
  {
    id: 'silver',
    title: 'Silver',
    checks: ['review-coverage', 'ai-policy', 'incidents-per-pr'],
  },
  { id: 'gold', title: 'Gold', checks: ['lead-time-week', 'three-sigma'] },
];

export function checkDefinitions(): CheckDefinitionsResponse {
  return {
    windowDays: 28,
    levels: LEVELS,
    checks: [
      {
        id: 'deploys-weekly',
        title: 'Deploys on at least one day a week (DORA high)',
        metric: 'deployment_frequency',
        threshold: 'band ≥ high',
        minSampleSize: 0,
      },
      {
        id: 'change-failure-rate',
        title: 'Change failure rate at most 15%',
        metric: 'change_failure_rate',
        threshold: '≤ 0.15',
        minSampleSize: 5,
      },
      {
        id: 'review-coverage',
        title: 'At least 90% of merged PRs independently approved',
        metric: 'review_coverage',
        threshold: '≥ 0.9',
        minSampleSize: 5,
      },
      {
        id: 'ai-policy',
        title: 'At least 95% of AI-assisted PRs follow the review policy',
        metric: 'ai_policy_compliance',
        threshold: '≥ 0.95',
        minSampleSize: 3,
      },
      {
        id: 'incidents-per-pr',
        title: 'At most one incident per 10 merged PRs',
        metric: 'incidents_per_pr',
        threshold: '≤ 0.1',
        minSampleSize: 5,
      },
      {
        id: 'lead-time-week',
        title: 'Lead time for changes under a week (DORA high)',
        metric: 'lead_time_for_changes',
        threshold: 'band ≥ high',
        minSampleSize: 5,
      },
      {
        id: 'three-sigma',
        title: 'At least a 3σ process (≤ 66,807 defects per million PRs)',
        metric: 'sigma_level',
        threshold: '≥ 3',
        minSampleSize: 10,
      },
    ],
  };
}

export function noCheckDefinitions(): CheckDefinitionsResponse {
  return { windowDays: 28, levels: [], checks: [] };
}

const EVALUATED = '2026-11-24T08:21:23.256Z';

function result(
  r: Omit<CheckResult, 'rawStatus' | 'evaluatedAt'> &
    Partial<Pick<CheckResult, 'rawStatus'>>,
): CheckResult {
  return {
    rawStatus: r.status === 'exempt' ? 'fail' : r.status,
    evaluatedAt: EVALUATED,
    ...r,
  };
}

export function paymentsApiChecks(): EntityChecksWithHistory {
  return {
    entityRef: 'component:default/payments-api',
    level: 'bronze',
    next: { level: 'silver', failing: ['review-coverage'] },
    levels: LEVELS,
    results: [
      result({
        checkId: 'deploys-weekly',
        title: 'Deploys on at least one day a week (DORA high)',
        metric: 'deployment_frequency',
        threshold: 'band ≥ high',
        status: 'pass',
        value: 2,
        n: 8,
        reason: 'band high',
      }),
      result({
        checkId: 'change-failure-rate',
        title: 'Change failure rate at most 15%',
        metric: 'change_failure_rate',
        threshold: '≤ 0.15',
        status: 'pass',
        value: 0.125,
        n: 8,
        reason: '0.125 meets ≤ 0.15',
      }),
      result({
        checkId: 'review-coverage',
        title: 'At least 90% of merged PRs independently approved',
        metric: 'review_coverage',
        threshold: '≥ 0.9',
        status: 'fail',
        value: 0.5185,
        n: 27,
        reason: '0.5185 misses ≥ 0.9',
      }),
      result({
        checkId: 'ai-policy',
        title: 'At least 95% of AI-assisted PRs follow the review policy',
        metric: 'ai_policy_compliance',
        threshold: '≥ 0.95',
        status: 'exempt',
        rawStatus: 'fail',
        value: 0.381,
        n: 21,
        reason: '0.381 misses ≥ 0.95; exempt until 2027-01-31',
        exemption: {
          id: 3,
          expiresAt: '2027-01-31T23:59:59.000Z',
          reason: 'Policy bot rolls out to payments in January',
        },
      }),
      result({
        checkId: 'incidents-per-pr',
        title: 'At most one incident per 10 merged PRs',
        metric: 'incidents_per_pr',
        threshold: '≤ 0.1',
        status: 'pass',
        value: 0.074,
        n: 27,
        reason: '0.074 meets ≤ 0.1',
      }),
      result({
        checkId: 'lead-time-week',
        title: 'Lead time for changes under a week (DORA high)',
        metric: 'lead_time_for_changes',
        threshold: 'band ≥ high',
        status: 'pass',
        value: 307198.242,
        n: 27,
        reason: 'band high',
      }),
      result({
        checkId: 'three-sigma',
        title: 'At least a 3σ process (≤ 66,807 defects per million PRs)',
        metric: 'sigma_level',
        threshold: '≥ 3',
        status: 'insufficient-data',
        value: 2.91,
        n: 7,
        reason: 'n = 7, below the minimum sample of 10',
      }),
    ],
    history: [
      {
        checkId: 'review-coverage',
        status: 'fail',
        value: 0.5185,
        at: '2026-11-17T08:00:00.000Z',
      },
    ],
  };
}

export function pendingExemption(
  overrides: Partial<Exemption> = {},
): Exemption {
  return {
    id: 7,
    entityRef: 'component:default/payments-api',
    checkId: 'review-coverage',
    reason: 'Pairing replaces reviews during the ledger migration',
    requestedBy: 'user:default/alice',
    requestedAt: '2026-11-23T10:00:00.000Z',
    expiresAt: '2027-02-28T23:59:59.000Z',
    status: 'pending',
    expired: false,
    audit: [
      {
        action: 'request',
        actor: 'user:default/alice',
        at: '2026-11-23T10:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

export function checksOverview(): { groups: LevelDistribution[] } {
  return {
    groups: [
      {
        entityRef: 'group:default/engineering',
        title: 'Engineering',
        entities: 11,
        levels: { none: 4, bronze: 4, silver: 2, gold: 1 },
      },
      {
        entityRef: 'group:default/payments-team',
        title: 'Payments',
        entities: 4,
        levels: { none: 1, bronze: 3, silver: 0, gold: 0 },
      },
      {
        entityRef: 'group:default/storefront-team',
        title: 'Storefront',
        entities: 4,
        levels: { none: 1, bronze: 0, silver: 2, gold: 1 },
      },
    ],
  };
}

export function paymentsTeamChecks(): OwnerChecksResponse {
  return {
    entityRef: 'group:default/payments-team',
    title: 'Payments',
    entities: 4,
    levels: { none: 1, bronze: 3, silver: 0, gold: 0 },
    rows: [
      {
        entityRef: 'component:default/payments-api',
        level: 'bronze',
        failing: ['review-coverage'],
      },
      {
        entityRef: 'component:default/ledger',
        level: 'bronze',
        failing: ['review-coverage', 'ai-policy'],
      },
      {
        entityRef: 'component:default/fraud-scoring',
        level: 'bronze',
        failing: ['incidents-per-pr'],
      },
      {
        entityRef: 'component:default/payments-web',
        level: null,
        failing: ['change-failure-rate', 'review-coverage'],
      },
    ],
  };
}
