/**
 * Types, metric definitions and permissions shared by the frontend and the
 * backend of the Shewhart quality scorecard.
 *
 * @packageDocumentation
 */
export * from './metrics';
export * from './metricDefinitions';
export * from './doraBands';
export * from './format';
export * from './events';
export * from './api';
export * from './scorecardSummary';
export * from './controlChart';
export * from './checksApi';
export * from './listingsApi';
export * from './campaignsApi';
export * from './permissions';
export * from './schema/operations';
