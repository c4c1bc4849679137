import type {
  BugEvent,
  DeploymentEvent,
  IncidentEvent,
  PullRequestEvent,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';

/** A small deterministic PRNG (mulberry32), so the demo is the same every start. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Phase {
  prsPerWeek: number;
  /** Share of AI-assisted PRs opened by a coding agent (started by a person). */
  agentShare?: number;
  aiShare: number;
  approvalRate: number;
  aiApprovalRate: number;
  revertRate: number;
  incidentsPerPr: number;
  bugsPerPr: number;
}

interface Story {
  component: string;
  authors: string[];
  /** Week (0-25) from which `after` applies. */
  shiftWeek: number;
  before: Phase;
  after: Phase;
}

const steady: Phase = {
  prsPerWeek: 5,
  aiShare: 0.05,
  approvalRate: 0.96,
  aiApprovalRate: 0.96,
  revertRate: 0.02,
  incidentsPerPr: 0.03,
  bugsPerPr: 0.05,
};

/** The demo's story, visible in the numbers. */
export const DEMO_STORIES: Story[] = [
  // Payments adopts AI assistants at week 13: faster, and worse.
  ...['payments-api', 'ledger'].map(component => ({
    component,
    authors: ['ada', 'grace'],
    shiftWeek: 13,
    before: steady,
    after: {
      prsPerWeek: 8,
      agentShare: 0.2,
      aiShare: 0.7,
      approvalRate: 0.8,
      aiApprovalRate: 0.5,
      revertRate: 0.1,
      incidentsPerPr: 0.12,
      bugsPerPr: 0.12,
    },
  })),
  // Fraud scoring has a real process shift at week 17 (incidents per PR).
  {
    component: 'fraud-scoring',
    authors: ['alan'],
    shiftWeek: 17,
    before: { ...steady, prsPerWeek: 6, incidentsPerPr: 0.03 },
    after: { ...steady, prsPerWeek: 6, incidentsPerPr: 0.35, revertRate: 0.08 },
  },
  // Storefront adopts AI too, but keeps its review discipline.
  ...['checkout-web', 'catalog-search', 'recommendations'].map(component => ({
    component,
    authors: ['linus', 'margaret', 'barbara'],
    shiftWeek: 13,
    before: steady,
    after: { ...steady, prsPerWeek: 6, aiShare: 0.45, approvalRate: 0.97, aiApprovalRate: 0.97 },
  })),
  ...['deploy-pipeline', 'identity'].map(component => ({
    component,
    authors: ['ken'],
    shiftWeek: 26,
    before: { ...steady, prsPerWeek: 3 },
    after: steady,
  })),
];

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const WEEKS = 26;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Six months of events for the example components, ending at `endAt`
 * (snapped to the start of its UTC day so a restart on the same day
 * regenerates exactly the same events).
 */
export function generateDemoEvents(options: { endAt: number }): QualityEvent[] {
  const end = Math.floor(options.endAt / DAY) * DAY;
  const start = end - WEEKS * 7 * DAY;
  const events: QualityEvent[] = [];
  DEMO_STORIES.forEach((story, storyIndex) => {
    const rnd = random(1000 + storyIndex);
    const entityRef = `component:default/${story.component}`;
    const repository = `shewhart-demo/${story.component}`;
    const prs: PullRequestEvent[] = [];
    let number = 100;
    for (let week = 0; week < WEEKS; week++) {
      const phase = week >= story.shiftWeek ? story.after : story.before;
      const count = Math.round(phase.prsPerWeek * (0.7 + rnd() * 0.6));
      for (let i = 0; i < count; i++) {
        number += 1;
        const createdAt = start + week * 7 * DAY + Math.floor(rnd() * 5) * DAY + (9 + rnd() * 8) * HOUR;
        const firstCommit = createdAt - (2 + rnd() * 40) * HOUR;
        const mergedAt = createdAt + (1 + rnd() * 30) * HOUR;
        if (mergedAt >= end) continue;
        const person = story.authors[Math.floor(rnd() * story.authors.length)];
        const ai = rnd() < phase.aiShare;
        const approved = rnd() < (ai ? phase.aiApprovalRate : phase.approvalRate);
        const reviewer = story.authors.find(a => a !== person) ?? 'ken';
        const unmerged = rnd() < 0.08;
        // Some AI-assisted work is opened by Copilot's coding agent for a person.
        const agent = ai && rnd() < (phase.agentShare ?? 0);
        const author = agent ? 'copilot-swe-agent[bot]' : person;
        const trailer = ai ? '\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>' : '';
        // Where reviews thinned out, AI-assisted changes come without tests
        // more often, and commits land after the approval.
        const sloppy = ai && phase.aiApprovalRate < phase.approvalRate;
        const withTests = rnd() < (sloppy ? 0.45 : 0.9);
        const lateCommit = rnd() < (sloppy ? 0.25 : 0.02);
        const files = [`src/${story.component}/change${number}.ts`, ...(withTests ? [`src/${story.component}/change${number}.test.ts`] : [])];
        const commits = [{ sha: `c${storyIndex}${number}`.padEnd(12, '0'), authoredAt: iso(firstCommit), message: `Change ${number}${trailer}` }];
        if (lateCommit) {
          commits.push({ sha: `d${storyIndex}${number}`.padEnd(12, '0'), authoredAt: iso(mergedAt - 0.5 * HOUR), message: `Fix lint${trailer}` });
        }
        // The person who started an agent's PR approving it is not an independent review.
        let reviews: PullRequestEvent['reviews'] = [
          { reviewer: 'lint-bot[bot]', state: 'COMMENTED', submittedAt: iso(mergedAt - HOUR), isBot: true },
        ];
        if (approved) reviews = [{ reviewer, state: 'APPROVED', submittedAt: iso(mergedAt - HOUR) }];
        else if (agent) reviews = [{ reviewer: person, state: 'APPROVED', submittedAt: iso(mergedAt - HOUR) }];
        prs.push({
          type: 'pull_request',
          id: `${repository}#${number}`,
          source: 'demo',
          entityRef,
          repository,
          number,
          title: `${ai ? 'Generate' : 'Implement'} change ${number} in ${story.component}`,
          author,
          url: `https://github.com/${repository}/pull/${number}`,
          createdAt: iso(createdAt),
          mergedAt: unmerged ? null : iso(mergedAt),
          closedAt: iso(mergedAt),
          additions: Math.floor(20 + rnd() * (ai ? 600 : 250)),
          deletions: Math.floor(rnd() * 80),
          changedFiles: Math.floor(1 + rnd() * 12),
          labels: agent ? ['ai-assisted'] : [],
          files,
          commits,
          reviews,
          mergeCommitSha: `m${storyIndex}${number}`.padEnd(12, '0'),
          mergedBy: person,
          ...(agent ? { startedBy: person } : {}),
          // Every fifth PR opens as a draft, marked ready two hours later
          // (no random draw: the stories' other numbers stay as they were).
          ...(number % 5 === 0 && createdAt + 2 * HOUR < mergedAt - HOUR
            ? { readyForReviewAt: iso(createdAt + 2 * HOUR) }
            : {}),
        });
      }
    }
    // Reverts: a later PR reverts an earlier merged one.
    const merged = prs.filter(p => p.mergedAt);
    for (const pr of merged) {
      const week = Math.floor((Date.parse(pr.mergedAt!) - start) / (7 * DAY));
      const phase = week >= story.shiftWeek ? story.after : story.before;
      if (rnd() < phase.revertRate) {
        const at = Date.parse(pr.mergedAt!) + (2 + rnd() * 20) * HOUR;
        if (at >= end) continue;
        number += 1;
        prs.push({
          ...pr,
          id: `${repository}#${number}`,
          number,
          title: `Revert "${pr.title}"`,
          createdAt: iso(at),
          mergedAt: iso(at + HOUR),
          closedAt: iso(at + HOUR),
          reverts: pr.number,
          commits: [{ sha: `r${storyIndex}${number}`.padEnd(12, '0'), authoredAt: iso(at), message: `Revert "${pr.title}"\n\nThis reverts commit ${pr.mergeCommitSha}.` }],
          author: pr.mergedBy ?? pr.author,
          startedBy: null,
          labels: [],
          files: pr.files,
          reviews: [{ reviewer: story.authors[0] === pr.mergedBy ? 'ken' : story.authors[0], state: 'APPROVED', submittedAt: iso(at + 0.5 * HOUR) }],
          mergeCommitSha: `v${storyIndex}${number}`.padEnd(12, '0'),
        });
      }
    }
    events.push(...prs);

    // A deployment most weekdays, shipping what merged since the previous one.
    const deployments: DeploymentEvent[] = [];
    let shipped = 0;
    const byMerge = prs.filter(p => p.mergedAt).sort((a, b) => Date.parse(a.mergedAt!) - Date.parse(b.mergedAt!));
    for (let day = 0; day < WEEKS * 7; day++) {
      const at = start + day * DAY + 15 * HOUR;
      const weekday = new Date(at).getUTCDay();
      if (weekday === 0 || weekday === 6 || at >= end || rnd() > 0.8) continue;
      const numbers: number[] = [];
      while (shipped < byMerge.length && Date.parse(byMerge[shipped].mergedAt!) <= at) {
        numbers.push(byMerge[shipped].number);
        shipped += 1;
      }
      if (numbers.length === 0) continue;
      deployments.push({
        type: 'deployment',
        id: `${story.component}-deploy-${day}`,
        source: 'demo',
        entityRef,
        environment: 'production',
        status: 'success',
        startedAt: iso(at - 0.2 * HOUR),
        finishedAt: iso(at),
        pullRequests: numbers,
      });
    }
    events.push(...deployments);

    // Incidents and bugs follow merged PRs at the phase's rates.
    let incidentNo = 0;
    for (const pr of byMerge) {
      const mergedAt = Date.parse(pr.mergedAt!);
      const week = Math.floor((mergedAt - start) / (7 * DAY));
      const phase = week >= story.shiftWeek ? story.after : story.before;
      // AI-assisted changes fail more often where reviews thinned out.
      const aiAssisted = pr.commits.some(c => c.message.includes('Co-authored-by: Copilot'));
      const risk = aiAssisted && phase.aiApprovalRate < phase.approvalRate ? 1.5 : 0.8;
      if (rnd() < phase.incidentsPerPr * risk) {
        const createdAt = mergedAt + (20 + rnd() * 30) * HOUR;
        if (createdAt < end) {
          incidentNo += 1;
          const incident: IncidentEvent = {
            type: 'incident',
            id: `${story.component}-incident-${incidentNo}`,
            source: 'demo',
            entityRef,
            title: `Errors in ${story.component} after change ${pr.number}`,
            createdAt: iso(createdAt),
            resolvedAt: iso(Math.min(end - 1, createdAt + (0.3 + rnd() * 8) * HOUR)),
            severity: rnd() < 0.3 ? 'P1' : 'P3',
            causedBy: { pullRequest: pr.number },
          };
          events.push(incident);
        }
      }
      if (rnd() < phase.bugsPerPr) {
        const createdAt = mergedAt + (24 + rnd() * 72) * HOUR;
        if (createdAt < end) {
          const bug: BugEvent = {
            type: 'bug',
            id: `${story.component}-bug-${pr.number}`,
            source: 'demo',
            entityRef,
            title: `Bug after change ${pr.number}`,
            createdAt: iso(createdAt),
            introducedBy: { pullRequest: pr.number },
          };
          events.push(bug);
        }
      }
    }
  });
  return events;
}
