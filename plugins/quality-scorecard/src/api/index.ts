export * from './QualityScorecardApi';
export * from './QualityScorecardClient';
