export { EntityQualityContent } from './EntityQualityContent';
