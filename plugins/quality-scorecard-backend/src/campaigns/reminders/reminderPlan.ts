import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type {
  CampaignDetailResponse,
  CampaignEntityProgress,
  CampaignSummary,
  CampaignTarget,
} from '@shewhart/plugin-quality-scorecard-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityName, qualityLink } from '../../notify/messages';

/*
 * Which campaign reminders are due, and what they say. Pure: no clock, no
 * I/O. Days are UTC dates; `now` is epoch milliseconds.
 *
 * Countdown reminders: for an active campaign and each offset d of its
 * reminderDays, from the day dueDate - d until the due date, one reminder
 * per owner of entities not meeting the target (exempted ones need none).
 * Only the latest offset whose day has come is due: one whose day passed
 * while the backend was down is sent late only while the next offset's day
 * has not come, so a restart never sends a burst of stale reminders. A
 * reminder day before the campaign's start is not sent.
 *
 * Closing summary: when a campaign closes (its due date passed, or closed
 * early), one summary to its owner group, for up to a week after closing.
 */

const DAY_MS = 86_400_000;

/** A closing summary older than this is not sent any more (a backend down for longer, a fresh store). */
export const SUMMARY_WINDOW_DAYS = 7;

/** Where the overview shows one campaign. */
export const campaignLink = (campaignId: string) =>
  `/quality?campaign=${encodeURIComponent(campaignId)}`;

/** The UTC day number of an ISO date (YYYY-MM-DD). */
const dayOf = (isoDate: string) =>
  Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface DueReminder {
  campaignId: string;
  /** The stored key: the offset (`'7d'`) or `'closed'`. */
  reminder: string;
  /** Whole days from today to the due date (negative once it passed). */
  daysLeft: number;
}

/** One notification to send, once per (campaign, reminder, recipient). */
export interface PlannedReminder {
  campaignId: string;
  reminder: string;
  /** The entity ref told: an entity owner, or the campaign's owner group. */
  recipient: string;
  payload: NotificationPayload;
}

/** The reminders of these campaigns due at `now` (at most one per campaign). */
export function dueReminders(
  campaigns: CampaignSummary[],
  now: number,
): DueReminder[] {
  const today = Math.floor(now / DAY_MS);
  const due: DueReminder[] = [];
  for (const c of campaigns) {
    const start = dayOf(c.startDate);
    const end = dayOf(c.dueDate);
    const daysLeft = end - today;
    const closedEarly = c.closedAt ? Date.parse(c.closedAt) : null;
    if (c.state === 'closed' || closedEarly !== null || today > end) {
      const closedAt = Math.min(closedEarly ?? Infinity, (end + 1) * DAY_MS);
      if (closedAt > now) continue; // closed early in the future: not yet
      if (closedAt < start * DAY_MS) continue; // closed before it began
      if (now - closedAt > SUMMARY_WINDOW_DAYS * DAY_MS) continue;
      due.push({ campaignId: c.id, reminder: 'closed', daysLeft });
      continue;
    }
    if (c.state !== 'active' || today < start) continue;
    const offsets = [...new Set(c.reminderDays)]
      .filter(d => Number.isInteger(d) && d >= 0)
      .filter(d => end - d <= today && end - d >= start);
    if (offsets.length === 0) continue;
    const latest = Math.min(...offsets);
    due.push({ campaignId: c.id, reminder: `${latest}d`, daysLeft });
  }
  return due;
}

export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return 'due today';
  if (daysLeft === 1) return '1 day left';
  return `${daysLeft} days left`;
}

/** The closer the due date, the louder: one day or less high, a week or less normal, else low. */
export function reminderSeverity(
  daysLeft: number,
): NonNullable<NotificationPayload['severity']> {
  if (daysLeft <= 1) return 'high';
  if (daysLeft <= 7) return 'normal';
  return 'low';
}

export function targetText(target: CampaignTarget): string {
  return target.level
    ? `level ${target.level}`
    : `the checks ${(target.checks ?? []).join(', ')}`;
}

/** Only an entity ref can be told (the campaign service marks entities without an owner 'unknown'). */
function isEntityRef(ref: string): boolean {
  try {
    parseEntityRef(ref);
    return true;
  } catch {
    return false;
  }
}

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** "payments-api: Review coverage, Change failure rate" (checks still to pass, exempt ones left out). */
function entityLine(entity: CampaignEntityProgress): string {
  const open = entity.open.filter(o => o.status !== 'exempt');
  const checks = open.map(o =>
    o.status === 'insufficient-data' ? `${o.title} (not enough data)` : o.title,
  );
  return `${entityName(entity.entityRef)}: ${
    checks.join(', ') || 'open checks'
  }`;
}

/** The notifications of one due reminder, from the campaign's detail. */
export function composeReminders(
  due: DueReminder,
  detail: CampaignDetailResponse,
): PlannedReminder[] {
  const { campaign } = detail;
  const topic = 'quality-scorecard:campaign';
  const scope = (recipient: string) =>
    `quality-scorecard:campaign:${campaign.id}:${due.reminder}:${recipient}`;
  const metadata = {
    campaignId: campaign.id,
    reminder: due.reminder,
    dueDate: campaign.dueDate,
    daysLeft: String(due.daysLeft),
  };

  if (due.reminder === 'closed') {
    if (!isEntityRef(campaign.owner)) return [];
    const p = campaign.progress;
    const lagging = [...detail.owners]
      .filter(o => o.notMeeting > 0)
      .sort(
        (a, b) => b.notMeeting - a.notMeeting || a.owner.localeCompare(b.owner),
      );
    const how = campaign.closedAt
      ? `Closed early on ${isoDay(Date.parse(campaign.closedAt))}`
      : `Its due date ${campaign.dueDate} has passed`;
    const still =
      lagging.length === 0
        ? 'Every owner met it.'
        : `Still short: ${lagging
            .slice(0, 5)
            .map(o => `${entityName(o.owner)} (${o.notMeeting})`)
            .join(', ')}${
            lagging.length > 5 ? `, and ${lagging.length - 5} more owners` : ''
          }.`;
    return [
      {
        campaignId: campaign.id,
        reminder: due.reminder,
        recipient: campaign.owner,
        payload: {
          title: `Campaign "${campaign.title}" closed: ${p.meeting} of ${plural(
            p.inScope,
            'entity',
            'entities',
          )} meet ${targetText(campaign.target)}`,
          description: `${how}. ${p.exempted} exempted, ${p.notMeeting} not meeting. ${still}`,
          link: campaignLink(campaign.id),
          severity: 'normal',
          topic,
          scope: scope(campaign.owner),
          metadata,
        },
      },
    ];
  }

  const byOwner = new Map<string, CampaignEntityProgress[]>();
  for (const e of detail.entities) {
    if (e.standing !== 'not-meeting' || !isEntityRef(e.owner)) continue;
    byOwner.set(e.owner, [...(byOwner.get(e.owner) ?? []), e]);
  }
  return [...byOwner.keys()].sort().map(owner => {
    const entities = byOwner
      .get(owner)!
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    const n = entities.length;
    return {
      campaignId: campaign.id,
      reminder: due.reminder,
      recipient: owner,
      payload: {
        title: `Campaign "${campaign.title}": ${plural(
          n,
          'entity',
          'entities',
        )} of yours ${n === 1 ? 'does' : 'do'} not meet ${targetText(
          campaign.target,
        )} yet, ${daysLeftText(due.daysLeft)}`,
        description: `Due ${campaign.dueDate}. Still open: ${entities
          .map(entityLine)
          .join(
            '; ',
          )}. Where a check cannot be met in time, request an exemption on the entity's Quality tab.`,
        link:
          n === 1
            ? qualityLink(entities[0].entityRef)
            : campaignLink(campaign.id),
        severity: reminderSeverity(due.daysLeft),
        topic,
        scope: scope(owner),
        metadata: { ...metadata, entities: String(n) },
      },
    };
  });
}
