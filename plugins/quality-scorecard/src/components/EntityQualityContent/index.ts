export { EntityQualityContent, isOwnerEntity } from './EntityQualityContent';
