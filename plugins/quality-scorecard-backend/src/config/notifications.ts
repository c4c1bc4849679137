import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  METRIC_IDS,
  MetricId,
  ControlRule,
} from '@shewhart/plugin-quality-scorecard-common';

/** Every rule a chart can signal by: the calibrated ones, then Western Electric's. */
export const CONTROL_RULES: ControlRule[] = [
  'beyond-limit',
  'cusum',
  'beyond-3-sigma',
  'two-of-three-beyond-2-sigma',
  'four-of-five-beyond-1-sigma',
  'eight-on-one-side',
];

const SEVERITIES: NotificationSeverity[] = [
  'critical',
  'high',
  'normal',
  'low',
];

export interface RuleSetting {
  enabled: boolean;
  severity: NotificationSeverity;
}

export interface NotificationsConfig {
  enabled: boolean;
  /** Episodes resting on fewer samples (n summed over the episode's weeks) are not notified. */
  minSampleSize: number;
  /** An episode is current when it last fired in the current week or one of the N weeks before. */
  lookbackWeeks: number;
  /** Also notify shifts in a metric's better direction. */
  improvements: boolean;
  /** The metrics whose charts notify. */
  metrics: MetricId[];
  /** Also tell the members of the owner's sub-groups. */
  subGroups: boolean;
  digest: 'off' | 'daily';
  schedule: SchedulerServiceTaskScheduleDefinition;
  rules: Record<ControlRule, RuleSetting>;
  checks: RuleSetting;
}

const DEFAULT_SEVERITY: Record<ControlRule, NotificationSeverity> = {
  'beyond-limit': 'high',
  cusum: 'high',
  'beyond-3-sigma': 'high',
  'two-of-three-beyond-2-sigma': 'normal',
  'four-of-five-beyond-1-sigma': 'normal',
  'eight-on-one-side': 'normal',
};

const KEY = 'qualityScorecard.notifications';

/**
 * Not watched by default: AI-assisted share describes, it is neither better
 * nor worse; DPMO and sigma level restate incidents, reverts and bugs, whose
 * own charts already notify.
 */
const QUIET_METRICS: string[] = ['ai_assisted_share', 'dpmo', 'sigma_level'];

/** One switch-and-severity block, e.g. `rules.beyond-3-sigma` or `checks`. */
function readSetting(
  c: Config | undefined,
  path: string,
  fallback: NotificationSeverity,
): RuleSetting {
  const s = c?.getOptionalConfig(path);
  const severity = s?.getOptionalString('severity') ?? fallback;
  if (!SEVERITIES.includes(severity as NotificationSeverity)) {
    throw new Error(
      `${KEY}.${path}.severity must be one of ${SEVERITIES.join(
        ', ',
      )}, got '${severity}'`,
    );
  }
  return {
    enabled: s?.getOptionalBoolean('enabled') ?? true,
    severity: severity as NotificationSeverity,
  };
}

function readMetrics(c: Config | undefined): MetricId[] {
  const given = c?.getOptionalStringArray('metrics');
  if (!given) return METRIC_IDS.filter(id => !QUIET_METRICS.includes(id));
  const unknown = given.find(
    id => !(METRIC_IDS as readonly string[]).includes(id),
  );
  if (unknown) {
    throw new Error(
      `${KEY}.metrics: unknown metric '${unknown}'; metrics are ${METRIC_IDS.join(
        ', ',
      )}`,
    );
  }
  return given as MetricId[];
}

/** Reads `qualityScorecard.notifications`; a bad value stops startup with its key named. */
export function readNotificationsConfig(root: Config): NotificationsConfig {
  const c = root.getOptionalConfig(KEY);
  const whole = (key: string, fallback: number, min: number) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `${KEY}.${key} must be a whole number of at least ${min}, got ${value}`,
      );
    }
    return value;
  };
  const digest = c?.getOptionalString('digest') ?? 'off';
  if (digest !== 'off' && digest !== 'daily') {
    throw new Error(`${KEY}.digest must be 'off' or 'daily', got '${digest}'`);
  }
  const unknownRules =
    c
      ?.getOptionalConfig('rules')
      ?.keys()
      .filter(
        k => !CONTROL_RULES.includes(k as ControlRule),
      ) ?? [];
  if (unknownRules.length > 0) {
    throw new Error(
      `${KEY}.rules: unknown rule '${
        unknownRules[0]
      }'; rules are ${CONTROL_RULES.join(', ')}`,
    );
  }
  const rules = Object.fromEntries(
    CONTROL_RULES.map(rule => [
      rule,
      readSetting(c, `rules.${rule}`, DEFAULT_SEVERITY[rule]),
    ]),
  ) as Record<ControlRule, RuleSetting>;
  // Immediate mode retries undelivered notifications every minute; a digest goes out once a day.
  const defaultSchedule: SchedulerServiceTaskScheduleDefinition =
    digest === 'daily'
      ? { frequency: { cron: '0 7 * * *' }, timeout: { minutes: 10 } }
      : {
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
        };
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    minSampleSize: whole('minSampleSize', 5, 0),
    lookbackWeeks: whole('lookbackWeeks', 2, 0),
    improvements: c?.getOptionalBoolean('improvements') ?? false,
    metrics: readMetrics(c),
    subGroups: c?.getOptionalBoolean('subGroups') ?? false,
    digest,
    schedule: c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : defaultSchedule,
    rules,
    checks: readSetting(c, 'checks', 'normal'),
  };
}
