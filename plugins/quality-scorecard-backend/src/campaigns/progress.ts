import type {
  CampaignCounts,
  CampaignDay,
  CampaignEntityProgress,
  CampaignOpenCheck,
  CampaignOwnerProgress,
  CampaignStanding,
  CampaignState,
  CampaignTarget,
} from '@shewhart/plugin-quality-scorecard-common';
import type { ChecksConfig } from '../engine/checks';

/**
 * A campaign's progress: each entity's standing against the target today,
 * the counts by owner, and the daily series from the stored check history.
 * Pure: no I/O, no clock (time is a parameter).
 */

const DAY = 86_400_000;

/** A change of one check's status (qs_check_history). */
export interface HistoryRow {
  entityRef: string;
  checkId: string;
  status: string;
  at: number;
}

/** An approved exemption, in force from its decision until its expiry. */
export interface ExemptionSpan {
  id: number;
  entityRef: string;
  checkId: string;
  from: number;
  expiresAt: number;
}

/** An entity the campaign's filter selects, with since when it is gone from the catalog. */
export interface ScopeEntity {
  entityRef: string;
  owner: string;
  goneAt?: number;
}

/** The epoch ms of a YYYY-MM-DD date's start (UTC). */
export const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);
/** The UTC date (YYYY-MM-DD) of an instant. */
export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The checks a target asks for: a level's and those of every level below it,
 * or the listed checks. Unknown ids are dropped (validated at startup and
 * on write).
 */
export function targetChecks(
  config: ChecksConfig,
  target: CampaignTarget,
): string[] {
  if (target.level !== undefined) {
    const index = config.levels.findIndex(l => l.id === target.level);
    if (index < 0) return [];
    return [
      ...new Set(config.levels.slice(0, index + 1).flatMap(l => l.checks)),
    ];
  }
  return (target.checks ?? []).filter(id =>
    config.checks.some(c => c.id === id),
  );
}

/** `scheduled` before the start, `closed` once closed or past the due date, `active` between. */
export function campaignState(
  c: { startDate: string; dueDate: string; closedAt: number | null },
  now: number,
): CampaignState {
  const today = utcDate(now);
  if (c.closedAt !== null || today > c.dueDate) return 'closed';
  if (today < c.startDate) return 'scheduled';
  return 'active';
}

/** Whole days from today (UTC) to the due date. */
export const daysLeft = (dueDate: string, now: number) =>
  Math.round((dayStart(dueDate) - dayStart(utcDate(now))) / DAY);

/**
 * An entity's standing from its target checks' statuses (a check without a
 * status does not apply to it) and the exemptions in force: meeting when
 * every one passes; exempted when every one it does not pass is covered by
 * an exemption; not meeting otherwise.
 */
export function standingOf(
  checks: string[],
  status: (checkId: string) => string | undefined,
  exemption: (checkId: string) => ExemptionSpan | undefined,
  titles: Map<string, string> = new Map(),
): { standing: CampaignStanding; open: CampaignOpenCheck[] } {
  const open: CampaignOpenCheck[] = [];
  let uncovered = false;
  for (const checkId of checks) {
    const s = status(checkId);
    if (s === undefined || s === 'pass') continue;
    const e = exemption(checkId);
    const title = titles.get(checkId) ?? checkId;
    if (e) {
      open.push({
        checkId,
        title,
        status: 'exempt',
        exemption: { id: e.id, expiresAt: new Date(e.expiresAt).toISOString() },
      });
    } else {
      uncovered = true;
      open.push({
        checkId,
        title,
        status: s === 'fail' ? 'fail' : 'insufficient-data',
      });
    }
  }
  let standing: CampaignStanding = 'meeting';
  if (uncovered) standing = 'not-meeting';
  else if (open.length > 0) standing = 'exempted';
  return { standing, open };
}

const inForce = (e: ExemptionSpan, at: number) =>
  e.from <= at && at < e.expiresAt;

function byEntity<T extends { entityRef: string }>(
  rows: T[],
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.entityRef);
    if (list) list.push(r);
    else out.set(r.entityRef, [r]);
  }
  return out;
}

const STANDING_ORDER: Record<CampaignStanding, number> = {
  'not-meeting': 0,
  exempted: 1,
  meeting: 2,
};

/**
 * Today's standing of the entities in scope (those with a current result of
 * a target check: an entity none of them applies to is not in the campaign),
 * from their current check statuses (before exemptions) and the exemptions
 * in force at `now`. Entities not meeting the target come first.
 */
export function currentStandings(input: {
  checks: string[];
  titles: Map<string, string>;
  entities: ScopeEntity[];
  /** Current statuses (qs_check_results) by entity and check. */
  results: Array<{ entityRef: string; checkId: string; status: string }>;
  exemptions: ExemptionSpan[];
  now: number;
}): CampaignEntityProgress[] {
  const results = byEntity(input.results);
  const exemptions = byEntity(input.exemptions);
  const out: CampaignEntityProgress[] = [];
  for (const e of input.entities) {
    if (e.goneAt !== undefined && e.goneAt <= input.now) continue;
    const wanted = new Set(input.checks);
    const own = (results.get(e.entityRef) ?? []).filter(r =>
      wanted.has(r.checkId),
    );
    if (own.length === 0) continue;
    const statuses = new Map(own.map(r => [r.checkId, r.status]));
    const spans = exemptions.get(e.entityRef) ?? [];
    const { standing, open } = standingOf(
      input.checks,
      id => statuses.get(id),
      id => spans.find(x => x.checkId === id && inForce(x, input.now)),
      input.titles,
    );
    out.push({ entityRef: e.entityRef, owner: e.owner, standing, open });
  }
  return out.sort(
    (a, b) =>
      STANDING_ORDER[a.standing] - STANDING_ORDER[b.standing] ||
      a.entityRef.localeCompare(b.entityRef),
  );
}

/** Entities by standing. */
export function countsOf(
  entities: Array<{ standing: CampaignStanding }>,
): CampaignCounts {
  const count = (s: CampaignStanding) =>
    entities.filter(e => e.standing === s).length;
  return {
    inScope: entities.length,
    meeting: count('meeting'),
    exempted: count('exempted'),
    notMeeting: count('not-meeting'),
  };
}

/** Counts per owner, ranked by the share meeting the target (then by size, then by ref). */
export function ownerCounts(
  entities: CampaignEntityProgress[],
): CampaignOwnerProgress[] {
  const owners = [...new Set(entities.map(e => e.owner))];
  const rows = owners.map(owner => ({
    owner,
    ...countsOf(entities.filter(e => e.owner === owner)),
  }));
  const share = (r: CampaignCounts) =>
    r.inScope === 0 ? 0 : r.meeting / r.inScope;
  return rows.sort(
    (a, b) =>
      share(b) - share(a) ||
      b.inScope - a.inScope ||
      a.owner.localeCompare(b.owner),
  );
}

/**
 * One point per day from `startDate` to the last day (`min(today, dueDate)`,
 * or the day a campaign was closed): the entities in scope at the end of
 * that day (UTC; for today, at `now`) and how many met the target or were
 * exempted, from the status history. An entity joins the scope with the
 * first stored status of a target check and leaves it from the day it was
 * marked gone.
 */
export function dailySeries(input: {
  checks: string[];
  entities: ScopeEntity[];
  /** Status changes, any order. */
  history: HistoryRow[];
  exemptions: ExemptionSpan[];
  startDate: string;
  lastDate: string;
  now: number;
}): CampaignDay[] {
  const days: Array<{ date: string; at: number; start: number }> = [];
  for (
    let start = dayStart(input.startDate);
    start <= dayStart(input.lastDate);
    start += DAY
  ) {
    days.push({
      date: utcDate(start),
      start,
      at: Math.min(start + DAY - 1, input.now),
    });
  }
  const series: CampaignDay[] = days.map(d => ({
    date: d.date,
    inScope: 0,
    meeting: 0,
    exempted: 0,
  }));
  const history = byEntity([...input.history].sort((a, b) => a.at - b.at));
  const exemptions = byEntity(input.exemptions);
  const wanted = new Set(input.checks);
  for (const e of input.entities) {
    const rows = (history.get(e.entityRef) ?? []).filter(r =>
      wanted.has(r.checkId),
    );
    if (rows.length === 0) continue;
    const goneDay =
      e.goneAt === undefined ? Infinity : dayStart(utcDate(e.goneAt));
    const spans = exemptions.get(e.entityRef) ?? [];
    const statuses = new Map<string, string>();
    let next = 0;
    days.forEach((d, i) => {
      while (next < rows.length && rows[next].at <= d.at) {
        statuses.set(rows[next].checkId, rows[next].status);
        next += 1;
      }
      if (statuses.size === 0 || d.start >= goneDay) return;
      const { standing } = standingOf(
        input.checks,
        id => statuses.get(id),
        id => spans.find(x => x.checkId === id && inForce(x, d.at)),
      );
      series[i].inScope += 1;
      if (standing === 'meeting') series[i].meeting += 1;
      if (standing === 'exempted') series[i].exempted += 1;
    });
  }
  return series;
}

/** The last day of a campaign's series: today, the due date or the day it was closed, whichever is first; none before the start. */
export function lastSeriesDate(
  c: { startDate: string; dueDate: string; closedAt: number | null },
  now: number,
): string | undefined {
  const candidates = [
    utcDate(now),
    c.dueDate,
    ...(c.closedAt !== null ? [utcDate(c.closedAt)] : []),
  ];
  const last = candidates.sort()[0];
  return last < c.startDate ? undefined : last;
}
