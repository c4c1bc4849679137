import { Link, Typography } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { AiPolicyViolation } from '@shewhart/plugin-quality-scorecard-common';
import { formatPercent, formatWeek } from '../format';

/** `!12` for a GitLab merge request (its URL says so), `#12` for a pull request. */
export function changeNumber(v: { pullRequest: number; url: string }): string {
  return `${/\/-\/merge_requests\/\d+/.test(v.url) ? '!' : '#'}${
    v.pullRequest
  }`;
}

/** Merged AI-assisted PRs that failed a rule of the AI review policy. */
export function ViolationsTable(props: {
  violations: AiPolicyViolation[];
  /** How many PRs violated the policy in all; the API lists the latest 100. */
  total?: number;
  showEntity?: boolean;
}) {
  const { violations, showEntity } = props;
  const total = Math.max(props.total ?? violations.length, violations.length);
  const columns: TableColumn<AiPolicyViolation>[] = [
    {
      title: 'Pull request',
      field: 'pullRequest',
      render: v => (
        <Link href={v.url} target="_blank" rel="noopener noreferrer">
          {changeNumber(v)} {v.title}
        </Link>
      ),
    },
    ...(showEntity
      ? [
          {
            title: 'Service',
            field: 'entityRef',
            render: (v: AiPolicyViolation) => (
              <EntityRefLink entityRef={v.entityRef} hideIcon />
            ),
          },
        ]
      : []),
    { title: 'Author', field: 'author' },
    {
      title: 'Merged',
      field: 'mergedAt',
      render: v => formatWeek(v.mergedAt),
    },
    {
      title: 'Failed rules',
      sorting: false,
      render: v => (
        <>
          {v.rules.map(rule => (
            <Typography variant="body2" key={rule.id}>
              <strong>{rule.id}</strong>: {rule.reason}
            </Typography>
          ))}
        </>
      ),
    },
    {
      title: 'Why AI-assisted',
      sorting: false,
      render: v => (
        <>
          {(v.signals ?? []).map(signal => (
            <Typography variant="caption" component="div" key={signal}>
              {signal}
            </Typography>
          ))}
          {v.confidence !== undefined && (
            <Typography variant="caption" color="textSecondary" component="div">
              confidence {formatPercent(v.confidence)}
            </Typography>
          )}
        </>
      ),
    },
  ];
  return (
    <div data-testid="violations-table">
      <Table<AiPolicyViolation>
        title={
          total > violations.length
            ? `Policy violations (${total}, the latest ${violations.length} listed)`
            : `Policy violations (${total})`
        }
        options={{
          search: false,
          paging: violations.length > 5,
          pageSize: 5,
          padding: 'dense',
        }}
        columns={columns}
        data={violations}
      />
    </div>
  );
}
