/**
 * GitHub backfill and sync for the Shewhart quality scorecard: pull requests,
 * deployments and labelled issues of every catalog entity with a
 * `github.com/project-slug` annotation, through Backstage's GitHub integration.
 *
 * @packageDocumentation
 */
export { qualityScorecardModuleGithub as default } from './module';
