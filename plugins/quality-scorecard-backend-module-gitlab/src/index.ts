/**
 * GitLab for the Shewhart quality scorecard: signed webhooks and a scheduled
 * sync of merge requests, approvals, deployments, incidents and bugs of every
 * catalog entity with a `gitlab.com/project-slug` annotation, through
 * Backstage's GitLab integration.
 *
 * @packageDocumentation
 */
export { qualityScorecardModuleGitlab as default } from './module';
