/*
 * A deterministic synthetic organisation for the benchmark: groups in three
 * levels (divisions → departments → teams), services owned by teams, and the
 * events of 26 weeks (PRs with commits and reviews, deployments, incidents,
 * bugs), generated day by day in batches so that nothing holds the whole
 * history in memory.
 */
import type {
  BugEvent,
  DeploymentEvent,
  IncidentEvent,
  PullRequestEvent,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface BenchSize {
  services: number;
  pullRequests: number;
  weeks: number;
  /** Services per team (level 3 groups). */
  servicesPerTeam: number;
  /** Teams per department (level 2 groups): a department owns servicesPerTeam × teamsPerDepartment services. */
  teamsPerDepartment: number;
  /** Departments per division (level 1 groups). */
  departmentsPerDivision: number;
  developersPerTeam: number;
}

export const FULL_SIZE: BenchSize = {
  services: 2000,
  pullRequests: 1_000_000,
  weeks: 26,
  servicesPerTeam: 25,
  teamsPerDepartment: 8,
  departmentsPerDivision: 2,
  developersPerTeam: 10,
};

export const QUICK_SIZE: BenchSize = {
  ...FULL_SIZE,
  services: 50,
  pullRequests: 5_000,
};

/** Monday 00:00 UTC: the fixed end of the generated history. */
export const DEFAULT_END = Date.parse('2026-06-01T00:00:00Z');

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Group {
  name: string;
  level: 1 | 2 | 3;
  parent?: string;
  children: string[];
  members: string[];
}

export interface Service {
  name: string;
  slug: string;
  team: string;
  department: string;
  developers: string[];
  /** Share of all PRs. */
  weight: number;
}

interface ServiceState {
  nextNumber: number;
  prsSoFar: number;
  targetPrs: number;
  /** Merged PRs not yet shipped. */
  pending: Array<{ number: number; mergeSha: string; mergedAt: number }>;
  deployEvery: number;
  deployments: number;
  incidents: number;
  bugs: number;
  lastDeployment?: { id: string; finishedAt: number };
  /** Recently merged PRs, for reverts and bugs. */
  recent: Array<{ number: number; mergeSha: string }>;
}

const WORDS = [
  'refund',
  'ledger',
  'cache',
  'retry',
  'timeout',
  'schema',
  'index',
  'login',
  'search',
  'export',
  'billing',
  'metrics',
  'queue',
  'webhook',
  'token',
  'audit',
];
const AI_TRAILERS = [
  'Co-authored-by: Claude <noreply@anthropic.com>',
  'Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>',
  'Co-authored-by: Cursor Agent <cursoragent@cursor.com>',
];

/** Generates the organisation and its events; deterministic for a seed. */
export class SyntheticOrg {
  readonly groups: Group[] = [];
  readonly services: Service[] = [];
  readonly start: number;
  readonly days: number;
  private readonly random: () => number;
  private readonly state: ServiceState[] = [];
  private shaCounter = 0;
  /** Counts of generated events by type. */
  readonly counts = { pull_request: 0, deployment: 0, incident: 0, bug: 0 };

  constructor(
    readonly size: BenchSize,
    readonly end = DEFAULT_END,
    seed = 20261124,
  ) {
    this.random = prng(seed);
    this.days = size.weeks * 7;
    this.start = end - size.weeks * WEEK;
    this.buildOrg();
  }

  private buildOrg() {
    const {
      services,
      servicesPerTeam,
      teamsPerDepartment,
      departmentsPerDivision,
    } = this.size;
    const teams = Math.ceil(services / servicesPerTeam);
    const departments = Math.ceil(teams / teamsPerDepartment);
    const divisions = Math.ceil(departments / departmentsPerDivision);
    const pad = (n: number) => String(n).padStart(2, '0');
    for (let v = 0; v < divisions; v++) {
      this.groups.push({
        name: `division-${pad(v)}`,
        level: 1,
        children: [],
        members: [],
      });
    }
    for (let d = 0; d < departments; d++) {
      const parent = this.groups[Math.floor(d / departmentsPerDivision)];
      const name = `department-${pad(d)}`;
      parent.children.push(name);
      this.groups.push({
        name,
        level: 2,
        parent: parent.name,
        children: [],
        members: [],
      });
    }
    const teamGroups: Group[] = [];
    for (let t = 0; t < teams; t++) {
      const department = `department-${pad(
        Math.floor(t / teamsPerDepartment),
      )}`;
      const parent = this.groups.find(g => g.name === department)!;
      const name = `team-${pad(t)}`;
      parent.children.push(name);
      const members = Array.from(
        { length: this.size.developersPerTeam },
        (_, i) => `dev-${pad(t)}-${i}`,
      );
      const group: Group = {
        name,
        level: 3,
        parent: department,
        children: [],
        members,
      };
      this.groups.push(group);
      teamGroups.push(group);
    }
    // Activity differs between services (a few busy, many quiet).
    const raw: number[] = [];
    for (let s = 0; s < services; s++) raw.push(0.3 + this.random() * 1.4);
    const total = raw.reduce((a, b) => a + b, 0);
    for (let s = 0; s < services; s++) {
      const team = teamGroups[Math.floor(s / servicesPerTeam)];
      const name = `svc-${String(s).padStart(4, '0')}`;
      this.services.push({
        name,
        slug: `acme/${name}`,
        team: team.name,
        department: team.parent!,
        developers: team.members,
        weight: raw[s] / total,
      });
    }
    // Exact totals per service (largest remainder), so the sum is `pullRequests`.
    const exact = this.services.map(s => s.weight * this.size.pullRequests);
    const floors = exact.map(Math.floor);
    let left = this.size.pullRequests - floors.reduce((a, b) => a + b, 0);
    const order = exact
      .map((x, i) => [x - Math.floor(x), i] as const)
      .sort((a, b) => b[0] - a[0]);
    for (const [, i] of order) {
      if (left-- <= 0) break;
      floors[i] += 1;
    }
    for (let s = 0; s < services; s++) {
      this.state.push({
        nextNumber: 1,
        prsSoFar: 0,
        targetPrs: floors[s],
        pending: [],
        deployEvery: 1 + Math.floor(this.random() * 3),
        deployments: 0,
        incidents: 0,
        bugs: 0,
        recent: [],
      });
    }
  }

  /** Groups that own `services` through their sub-groups, by name. */
  ownedServices(groupName: string): string[] {
    const names = new Set<string>([groupName]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of this.groups) {
        if (g.parent && names.has(g.parent) && !names.has(g.name)) {
          names.add(g.name);
          grew = true;
        }
      }
    }
    return this.services.filter(s => names.has(s.team)).map(s => s.name);
  }

  private sha(): string {
    this.shaCounter += 1;
    const r = Math.floor(this.random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    return `${r}${this.shaCounter.toString(16).padStart(32, '0')}`;
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** Log-normal sample with the given median, in ms. */
  private lognormal(medianMs: number, sigma: number): number {
    const u1 = Math.max(this.random(), 1e-12);
    const u2 = this.random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return medianMs * Math.exp(sigma * z);
  }

  /** Weekday-weighted cumulative share of the history at the start of `day`. */
  private cumulativeShare(day: number): number {
    // Mondays start the history (end is a Monday), so day % 7 of 5 and 6 are weekends.
    const fullWeeks = Math.floor(day / 7);
    const rest = day % 7;
    const weekWeight = 5 + 2 * 0.2;
    const partial = Math.min(rest, 5) + Math.max(0, rest - 5) * 0.2;
    return (fullWeeks * weekWeight + partial) / (this.size.weeks * weekWeight);
  }

  private iso(ms: number) {
    return new Date(ms).toISOString();
  }

  /** Events of one service merged/closed on `day`, with the deployments, incidents and bugs they lead to. */
  private serviceDay(
    s: number,
    day: number,
    count: number,
    out: QualityEvent[],
  ) {
    const service = this.services[s];
    const st = this.state[s];
    const dayStart = this.start + day * DAY;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      // Merges during working hours (07:00–19:00 UTC).
      times.push(dayStart + 7 * HOUR + this.random() * 12 * HOUR);
    }
    times.sort((a, b) => a - b);
    for (const at of times) {
      const pr = this.pullRequest(s, at);
      out.push(pr);
      this.counts.pull_request += 1;
      if (!pr.mergedAt) continue;
      const mergeSha = pr.mergeCommitSha!;
      st.pending.push({ number: pr.number, mergeSha, mergedAt: at });
      st.recent.push({ number: pr.number, mergeSha });
      if (st.recent.length > 30) st.recent.shift();
      if (this.random() < 1 / 40) {
        const bug = this.bug(s, at);
        if (bug) out.push(bug);
      }
      if (st.pending.length >= st.deployEvery) {
        this.deploy(s, at, out);
        st.deployEvery = 1 + Math.floor(this.random() * 3);
      }
    }
    void service;
  }

  private pullRequest(s: number, at: number): PullRequestEvent {
    const service = this.services[s];
    const st = this.state[s];
    const number = st.nextNumber++;
    const author = this.pick(service.developers);
    const merged = this.random() >= 0.08;
    const createdAt = at - this.lognormal(20 * HOUR, 1.1);
    const firstCommit = createdAt - this.lognormal(6 * HOUR, 1.2);
    const ai = this.random() < 0.3;
    const commitCount = 1 + Math.floor(this.random() * 4);
    const commits = [];
    let revertOf: { number: number; mergeSha: string } | undefined;
    if (merged && st.recent.length > 0 && this.random() < 0.015) {
      revertOf = this.pick(st.recent);
    }
    for (let c = 0; c < commitCount; c++) {
      const authoredAt =
        firstCommit + ((createdAt - firstCommit) * c) / commitCount;
      let message = `${this.pick(WORDS)}: ${this.pick(WORDS)} ${this.pick(
        WORDS,
      )}`;
      if (c === 0 && revertOf && this.random() < 0.5) {
        message = `Revert "${message}"\n\nThis reverts commit ${revertOf.mergeSha}.`;
      }
      if (ai && c === commitCount - 1)
        message += `\n\n${this.pick(AI_TRAILERS)}`;
      commits.push({
        sha: this.sha(),
        authoredAt: this.iso(authoredAt),
        message,
      });
    }
    const reviews: PullRequestEvent['reviews'] = [];
    const reviewer = () => {
      let r = this.pick(service.developers);
      if (r === author)
        r =
          service.developers[
            (service.developers.indexOf(r) + 1) % service.developers.length
          ];
      return r;
    };
    if (this.random() < 0.3) {
      reviews.push({
        reviewer: 'sonar-bot[bot]',
        state: 'COMMENTED',
        submittedAt: this.iso(createdAt + HOUR),
        isBot: true,
      });
    }
    if (this.random() < 0.2) {
      reviews.push({
        reviewer: reviewer(),
        state: 'CHANGES_REQUESTED',
        submittedAt: this.iso(createdAt + 2 * HOUR),
      });
    }
    // Most PRs have an independent approval; AI-assisted ones a little less often.
    if (this.random() < (ai ? 0.85 : 0.94)) {
      reviews.push({
        reviewer: reviewer(),
        state: 'APPROVED',
        submittedAt: this.iso(at - 0.5 * HOUR),
      });
    } else if (this.random() < 0.3) {
      reviews.push({
        reviewer: author,
        state: 'APPROVED',
        submittedAt: this.iso(at - 0.5 * HOUR),
      });
    }
    const title = `${this.pick(WORDS)} ${this.pick(WORDS)} for ${service.name}`;
    let labels: string[];
    if (ai && this.random() < 0.1) labels = ['ai-assisted'];
    else labels = this.random() < 0.5 ? ['feature'] : ['fix'];
    return {
      type: 'pull_request',
      id: `${service.slug}#${number}`,
      source: 'github',
      repository: service.slug,
      entityRef: `component:default/${service.name}`,
      number,
      title,
      author,
      url: `https://github.com/${service.slug}/pull/${number}`,
      createdAt: this.iso(createdAt),
      mergedAt: merged ? this.iso(at) : null,
      closedAt: this.iso(at),
      additions: Math.floor(this.lognormal(80, 1.2)),
      deletions: Math.floor(this.lognormal(20, 1.2)),
      changedFiles: 1 + Math.floor(this.random() * 12),
      labels,
      commits,
      reviews,
      mergeCommitSha: merged ? this.sha() : null,
      mergedBy: merged ? reviewer() : null,
      reverts:
        revertOf && !commits[0].message.startsWith('Revert')
          ? revertOf.number
          : null,
      headRef: `feature/${number}`,
    };
  }

  private deploy(s: number, lastMerge: number, out: QualityEvent[]) {
    const service = this.services[s];
    const st = this.state[s];
    const startedAt = lastMerge + 0.25 * HOUR + this.random() * 4 * HOUR;
    const finishedAt = startedAt + 5 * 60_000 + this.random() * 20 * 60_000;
    if (finishedAt >= this.end) return; // shipped after the history ends
    const failed = this.random() < 0.05;
    st.deployments += 1;
    const id = `${service.name}-deploy-${st.deployments}`;
    const shipped = st.pending;
    const listsPrs = this.random() < 0.7;
    const deployment: DeploymentEvent = {
      type: 'deployment',
      id,
      source: 'argocd',
      entityRef: `component:default/${service.name}`,
      environment: 'production',
      status: failed ? 'failure' : 'success',
      startedAt: this.iso(startedAt),
      finishedAt: this.iso(finishedAt),
      commitSha: shipped[shipped.length - 1].mergeSha,
      ...(listsPrs ? { pullRequests: shipped.map(p => p.number) } : {}),
    };
    out.push(deployment);
    this.counts.deployment += 1;
    if (failed) return; // retried with the next merge
    st.pending = [];
    st.lastDeployment = { id, finishedAt };
    // ~1 incident per 50 PRs (some fall after the end of the history).
    if (this.random() < 0.048 / 0.95) {
      const incident = this.incident(s, finishedAt, id, shipped);
      if (incident) out.push(incident);
    }
  }

  private incident(
    s: number,
    after: number,
    deploymentId: string,
    shipped: Array<{ number: number }>,
  ): IncidentEvent | undefined {
    const service = this.services[s];
    const st = this.state[s];
    const createdAt = after + this.lognormal(4 * HOUR, 1.3);
    if (createdAt >= this.end) return undefined;
    st.incidents += 1;
    this.counts.incident += 1;
    const restore = this.lognormal(2 * HOUR, 1.4);
    const resolved = this.random() < 0.95 && createdAt + restore < this.end;
    const r = this.random();
    let causedBy: IncidentEvent['causedBy'] = null;
    if (r < 0.5) causedBy = { deploymentId };
    else if (r < 0.7) causedBy = { pullRequest: shipped[0].number };
    return {
      type: 'incident',
      id: `${service.name}-INC-${st.incidents}`,
      source: 'pagerduty',
      entityRef: `component:default/${service.name}`,
      title: `${this.pick(WORDS)} errors in ${service.name}`,
      createdAt: this.iso(createdAt),
      resolvedAt: resolved ? this.iso(createdAt + restore) : null,
      severity: this.pick(['SEV1', 'SEV2', 'SEV3', 'SEV3']),
      causedBy,
      url: `https://acme.pagerduty.com/incidents/${service.name}-${st.incidents}`,
    };
  }

  private bug(s: number, after: number): BugEvent | undefined {
    const service = this.services[s];
    const st = this.state[s];
    const createdAt = after + DAY + this.random() * 9 * DAY;
    if (createdAt >= this.end) return undefined;
    st.bugs += 1;
    this.counts.bug += 1;
    const introduced =
      this.random() < 0.3 ? { pullRequest: this.pick(st.recent).number } : null;
    return {
      type: 'bug',
      id: `${service.name}-BUG-${st.bugs}`,
      source: 'jira',
      entityRef: `component:default/${service.name}`,
      title: `${this.pick(WORDS)} broken`,
      createdAt: this.iso(createdAt),
      closedAt:
        this.random() < 0.6
          ? this.iso(Math.min(this.end - 1, createdAt + 2 * DAY))
          : null,
      introducedBy: introduced,
      url: `https://acme.atlassian.net/browse/${service.name.toUpperCase()}-${
        st.bugs
      }`,
    };
  }

  /** The whole history, day by day, in batches of `batchSize` events. */
  *batches(batchSize: number): Generator<QualityEvent[]> {
    let buffer: QualityEvent[] = [];
    for (let day = 0; day < this.days; day++) {
      const from = this.cumulativeShare(day);
      const to = this.cumulativeShare(day + 1);
      for (let s = 0; s < this.services.length; s++) {
        const st = this.state[s];
        const target =
          day === this.days - 1 ? st.targetPrs : Math.round(st.targetPrs * to);
        const count = Math.max(0, target - Math.round(st.targetPrs * from));
        st.prsSoFar += count;
        this.serviceDay(s, day, count, buffer);
        while (buffer.length >= batchSize) {
          yield buffer.slice(0, batchSize);
          buffer = buffer.slice(batchSize);
        }
      }
    }
    if (buffer.length) yield buffer;
  }

  /**
   * `count` new events in the last week of the history, over about
   * `services` services: PRs with their deployments, incidents and bugs.
   */
  newEvents(count: number, services: number): QualityEvent[] {
    const out: QualityEvent[] = [];
    const chosen = new Set<number>();
    while (chosen.size < Math.min(services, this.services.length)) {
      chosen.add(Math.floor(this.random() * this.services.length));
    }
    const list = [...chosen];
    const lastWeekDay = this.days - 7;
    let i = 0;
    while (out.length < count) {
      const s = list[i % list.length];
      const day = lastWeekDay + Math.floor(this.random() * 5);
      this.serviceDay(s, day, 1, out);
      i += 1;
    }
    return out.slice(0, count);
  }
}
