export * from './useScorecards';
