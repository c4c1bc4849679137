export { SignalNotifier } from './SignalNotifier';
export type {
  CheckChange,
  CheckState,
  EpisodeOutcome,
  LevelChange,
} from './SignalNotifier';
export { readNotificationsConfig } from './config';
export type { NotificationsConfig } from './config';
