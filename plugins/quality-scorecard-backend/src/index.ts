/**
 * The Shewhart quality scorecard backend plugin.
 *
 * @packageDocumentation
 */
export { qualityScorecardPlugin as default } from './plugin';
