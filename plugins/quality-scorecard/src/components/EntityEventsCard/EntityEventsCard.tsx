import useAsync from 'react-use/esm/useAsync';
import { Chip, Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { EntityEventItem } from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { formatDateTime } from '../locale';

const columns: TableColumn<EntityEventItem>[] = [
  {
    title: 'Type',
    field: 'type',
    render: e => (e.type === 'incident' ? 'Incident' : 'Bug'),
  },
  {
    title: 'Title',
    field: 'title',
    render: e =>
      e.url ? (
        <Link to={e.url} data-testid={`event-link-${e.id}`}>
          {e.title}
        </Link>
      ) : (
        e.title
      ),
  },
  {
    title: 'Severity',
    field: 'severity',
    render: e =>
      e.severity ? (
        <Chip
          size="small"
          label={e.severity}
          data-testid={`event-severity-${e.id}`}
        />
      ) : (
        '—'
      ),
  },
  { title: 'Status', field: 'status' },
  {
    title: 'Created',
    field: 'createdAt',
    render: e => formatDateTime(e.createdAt),
  },
  {
    title: 'Resolved / closed',
    render: e => {
      const end = e.type === 'incident' ? e.resolvedAt : e.closedAt;
      return end ? formatDateTime(end) : '—';
    },
  },
  { title: 'Source', field: 'source' },
];

/** The incidents and bugs the scorecard counts, linked to where they live. */
export function EntityEventsCard(props: {
  entityRef: string;
  window: { from: string; to: string };
}) {
  const { entityRef, window } = props;
  const api = useApi(qualityScorecardApiRef);
  const { value, loading, error } = useAsync(
    () => api.getEntityEvents(entityRef, window),
    [api, entityRef, window.from, window.to],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <InfoCard
      title="Incidents and bugs"
      subheader="Created in the window, newest first"
    >
      {value && value.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No incidents or bugs in this window.
        </Typography>
      ) : (
        <div data-testid="entity-events">
          <Table<EntityEventItem>
            isLoading={loading}
            columns={columns}
            data={value?.items ?? []}
            options={{
              paging: false,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
          />
          {value?.more && (
            <Typography variant="caption" color="textSecondary">
              Showing the newest {value.items.length}.
            </Typography>
          )}
        </div>
      )}
    </InfoCard>
  );
}
