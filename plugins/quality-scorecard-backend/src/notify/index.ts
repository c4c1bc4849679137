export { SignalNotifier } from './SignalNotifier';
export type {
  CheckChange,
  CheckState,
  EpisodeOutcome,
  LevelChange,
} from './SignalNotifier';
export { readNotificationsConfig } from '../config/notifications';
export type { NotificationsConfig } from '../config/notifications';
