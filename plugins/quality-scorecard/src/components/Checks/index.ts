export { EntityChecksBlock } from './EntityChecksBlock';
export { GroupChecksBlock } from './GroupChecksBlock';
export { OverviewChecksBlock } from './OverviewChecksBlock';
export { LevelChip } from './LevelChip';
