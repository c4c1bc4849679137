import { Box, Typography } from '@material-ui/core';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { DemoDataLabel } from '../DemoDataLabel';

export const GITHUB_ANNOTATION = 'github.com/project-slug';
export const PAGERDUTY_ANNOTATION = 'pagerduty.com/service-id';
export const GITLAB_ANNOTATION = 'gitlab.com/project-slug';

const HOW_TO_CONNECT = [
  '# catalog-info.yaml of the component',
  'metadata:',
  '  annotations:',
  `    ${GITHUB_ANNOTATION}: my-org/my-repo`,
  `    # or, on GitLab: ${GITLAB_ANNOTATION}: my-group/my-project`,
  `    ${PAGERDUTY_ANNOTATION}: PABC123`,
  '',
  '# then point the webhooks at the backend:',
  '#   GitHub:    /api/quality-scorecard/webhooks/github (JSON; pull requests, reviews, pushes, deployment statuses)',
  '#   GitLab:    /api/quality-scorecard/webhooks/gitlab (merge requests, comments, pushes, issues, deployments)',
  '#   PagerDuty: /api/quality-scorecard/webhooks/pagerduty',
  '# or push events from CI: POST /api/quality-scorecard/events',
].join('\n');

/**
 * "No data yet: here is how to connect GitHub or GitLab and PagerDuty." An
 * entity with none of their annotations is told which annotation to add.
 */
export function NoQualityData(props: { entity?: Entity; demo?: boolean }) {
  const { entity, demo } = props;
  const annotations = entity?.metadata.annotations ?? {};
  const isOwner = ['group', 'user'].includes(entity?.kind.toLowerCase() ?? '');
  if (
    entity &&
    !isOwner &&
    !annotations[GITHUB_ANNOTATION] &&
    !annotations[GITLAB_ANNOTATION] &&
    !annotations[PAGERDUTY_ANNOTATION]
  ) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          GITHUB_ANNOTATION,
          GITLAB_ANNOTATION,
          PAGERDUTY_ANNOTATION,
        ]}
        readMoreUrl="https://github.com/shewhart-dev/shewhart/blob/main/docs/configuration.md"
      />
    );
  }
  const whose = isOwner
    ? 'None of the entities this owner has (directly or through sub-groups) has sent'
    : 'This entity has not sent';
  return (
    <EmptyState
      missing="data"
      title="No quality data yet"
      description={`${whose} pull requests, deployments, incidents or bugs in this window. Here is how to connect GitHub or GitLab and PagerDuty:`}
      action={
        <Box data-testid="how-to-connect">
          {demo && <DemoDataLabel />}
          <CodeSnippet text={HOW_TO_CONNECT} language="yaml" />
          <Typography variant="body2" color="textSecondary">
            Events that match no entity are kept and attributed as soon as the
            annotation appears in the catalog.
          </Typography>
        </Box>
      }
    />
  );
}

/** Whether a scorecard has nothing to show: no metric has a sample. */
export function hasNoData(metrics: Array<{ n: number }>) {
  return metrics.every(m => m.n === 0);
}
