/**
 * GitHub and GitLab webhooks for the Shewhart quality scorecard through
 * Backstage's events backend: one webhook serves the whole portal, and each
 * delivery the events backend verified is stored once in the scorecard's
 * raw log and mapped as a signed delivery to the scorecard's own route is.
 *
 * @packageDocumentation
 */
export { qualityScorecardModuleEvents as default } from './module';
