/**
 * Incidents for the Shewhart quality scorecard from Opsgenie, Jira Service
 * Management Operations and incident.io, by verified webhooks, matched to
 * catalog entities by the annotations their Backstage plugins use.
 *
 * @packageDocumentation
 */
export { qualityScorecardModuleIncidents as default } from './module';
