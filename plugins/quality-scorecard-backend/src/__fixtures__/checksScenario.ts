/*
 * A small organisation with checks, for the bulk-read and actions tests:
 *
 *   payments-api (payments-team, tag pci): 4 merged PRs, 2 approved (review
 *     coverage 0.5); PRs 1 and 2 carry an AI co-author trailer and only 1 was
 *     approved (AI policy compliance 0.5); 2 deployments, no incidents (CFR 0).
 *     Holds bronze; fails review, ai-policy and pci-sigma.
 *   checkout-web (payments-team): 3 merged PRs, all approved by someone else
 *     (review coverage 1); 3 deployments, one caused an incident (CFR 1/3).
 *     Fails cfr, so holds no level; no AI-assisted PRs (ai-policy: insufficient data).
 *   identity (identity-team): no events, never evaluated.
 */
const DAY = 86_400_000;

const relations = (...pairs: Array<[string, string]>) =>
  pairs.map(([type, targetRef]) => ({ type, targetRef }));

export const SCENARIO_ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', tags: ['pci'] },
    spec: { type: 'service', owner: 'payments-team' },
    relations: relations(['ownedBy', 'group:default/payments-team']),
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-web', namespace: 'default' },
    spec: { type: 'website', owner: 'payments-team' },
    relations: relations(['ownedBy', 'group:default/payments-team']),
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'identity', namespace: 'default' },
    spec: { type: 'service', owner: 'identity-team' },
    relations: relations(['ownedBy', 'group:default/identity-team']),
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments-team',
      namespace: 'default',
      title: 'Payments',
    },
    spec: { type: 'team' },
    relations: relations(['childOf', 'group:default/engineering']),
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'identity-team', namespace: 'default' },
    spec: { type: 'team' },
    relations: relations(['childOf', 'group:default/engineering']),
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'engineering', namespace: 'default' },
    spec: { type: 'department' },
    relations: relations(
      ['parentOf', 'group:default/payments-team'],
      ['parentOf', 'group:default/identity-team'],
    ),
  },
];

export const SCENARIO_CHECKS = {
  definitions: [
    {
      id: 'cfr',
      title: 'Change failure rate at most 15%',
      metric: 'change_failure_rate',
      operator: '<=',
      threshold: 0.15,
    },
    {
      id: 'review',
      title: 'Review coverage at least 90%',
      metric: 'review_coverage',
      operator: '>=',
      threshold: 0.9,
      minSampleSize: 3,
    },
    {
      id: 'ai-policy',
      title: 'AI-assisted PRs follow the review policy',
      metric: 'ai_policy_compliance',
      operator: '>=',
      threshold: 0.95,
    },
    {
      id: 'pci-sigma',
      title: 'PCI services run at 3σ',
      metric: 'sigma_level',
      operator: '>=',
      threshold: 3,
      filter: { tags: ['pci'] },
    },
  ],
  levels: [
    { id: 'bronze', checks: ['cfr'] },
    { id: 'silver', checks: ['review', 'ai-policy'] },
    { id: 'gold', checks: ['pci-sigma'] },
  ],
};

const AI_TRAILER = '\n\nCo-authored-by: Claude <noreply@anthropic.com>';

/** The scenario's events, at times relative to `now` (all inside a 28-day window). */
export function scenarioEvents(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const pr = (
    repo: string,
    entity: string,
    n: number,
    opts: { approved: boolean; ai?: boolean },
  ) => ({
    type: 'pull_request',
    id: `acme/${repo}#${n}`,
    source: 'github',
    entityRef: `component:default/${entity}`,
    number: n,
    title: `Change ${n}`,
    author: 'ada',
    url: `https://github.com/acme/${repo}/pull/${n}`,
    createdAt: at(10 - n),
    mergedAt: at(9.5 - n),
    closedAt: at(9.5 - n),
    additions: 10,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    commits: [
      {
        sha: `abc${n}def${repo.length}`,
        authoredAt: at(10.5 - n),
        message: `Change ${n}${opts.ai ? AI_TRAILER : ''}`,
      },
    ],
    reviews: opts.approved
      ? [{ reviewer: 'grace', state: 'APPROVED', submittedAt: at(9.6 - n) }]
      : [],
    mergedBy: 'ada',
  });
  const deploy = (entity: string, id: string, daysAgo: number) => ({
    type: 'deployment',
    id,
    source: 'ci',
    entityRef: `component:default/${entity}`,
    environment: 'production',
    status: 'success',
    finishedAt: at(daysAgo),
  });
  return [
    pr('payments', 'payments-api', 1, { approved: true, ai: true }),
    pr('payments', 'payments-api', 2, { approved: false, ai: true }),
    pr('payments', 'payments-api', 3, { approved: true }),
    pr('payments', 'payments-api', 4, { approved: false }),
    deploy('payments-api', 'pay-d1', 5),
    deploy('payments-api', 'pay-d2', 1),
    pr('checkout', 'checkout-web', 5, { approved: true }),
    pr('checkout', 'checkout-web', 6, { approved: true }),
    pr('checkout', 'checkout-web', 7, { approved: true }),
    deploy('checkout-web', 'co-d1', 6),
    deploy('checkout-web', 'co-d2', 4),
    deploy('checkout-web', 'co-d3', 2),
    {
      type: 'incident',
      id: 'INC-1',
      source: 'pagerduty',
      entityRef: 'component:default/checkout-web',
      title: 'Checkout errors',
      createdAt: at(3.9),
      resolvedAt: at(3.8),
      causedBy: { deploymentId: 'co-d2' },
    },
  ];
}
