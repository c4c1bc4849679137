/**
 * Jira (Cloud and Data Center) for the Shewhart quality scorecard: bugs and
 * incidents from signed webhooks and a scheduled sync of every project named
 * by a `jira/project-key` annotation.
 *
 * @packageDocumentation
 */
export { qualityScorecardModuleJira as default } from './module';
