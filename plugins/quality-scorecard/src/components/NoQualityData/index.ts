export {
  NoQualityData,
  hasNoData,
  GITHUB_ANNOTATION,
  PAGERDUTY_ANNOTATION,
} from './NoQualityData';
