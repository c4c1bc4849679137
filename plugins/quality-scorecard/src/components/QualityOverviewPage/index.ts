export {
  QualityOverviewPage,
  QualityOverviewContent,
} from './QualityOverviewPage';
