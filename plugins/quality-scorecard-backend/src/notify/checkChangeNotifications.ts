import type { CheckStatus } from '@shewhart/plugin-quality-scorecard-common';
import type { ChecksChange } from '../checks/ChecksService';
import type { SignalNotifier } from './SignalNotifier';

/**
 * The reaction of notifications to an evaluation of checks: an entity that
 * newly fails a check, or drops a level, tells its owner once. A first
 * evaluation (no previous state) is not news.
 */
export function notifyOwnersOfCheckChanges(
  notifier: Pick<SignalNotifier, 'notifyCheckChange' | 'notifyLevelChange'>,
) {
  return async (change: ChecksChange): Promise<void> => {
    for (const c of change.checks) {
      if (c.previous === null) continue;
      await notifier.notifyCheckChange({
        entityRef: change.entityRef,
        check: {
          id: c.checkId,
          title: c.title,
          metric: c.metric,
          threshold: c.threshold,
        },
        previous: c.previous as CheckStatus,
        current: c.current as CheckStatus,
        value: c.value,
        reason: c.reason,
      });
    }
    if (change.previousLevel !== null || change.level !== null) {
      await notifier.notifyLevelChange({
        entityRef: change.entityRef,
        levels: change.levels,
        previous: change.previousLevel,
        current: change.level,
      });
    }
  };
}
