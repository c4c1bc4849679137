export { SyncStatusLine } from './SyncStatusLine';
export { entitySyncView, SYNC_SOURCES } from './entitySync';
export type { EntitySyncView } from './entitySync';
