import { Box, LinearProgress, Typography } from '@material-ui/core';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { qualityScorecardApiRef } from '../../api';
import { formatDateTime } from '../locale';
import { EntitySyncView, SYNC_SOURCES, entitySyncView } from './entitySync';

function describe(view: EntitySyncView): string {
  if (!view.enabled) return `${view.title}: sync off`;
  if (view.running) {
    const { done, total } = view.running;
    return `${view.title}: syncing${total ? ` (${done} of ${total})` : ''}`;
  }
  if (view.error) return `${view.title}: last sync failed: ${view.error}`;
  if (view.lastFinishedAt)
    return `${view.title}: synced ${formatDateTime(view.lastFinishedAt)}`;
  return `${view.title}: not synced yet`;
}

/**
 * Where the entity's data comes from and how fresh it is; a source whose
 * module is not installed (404), or that the caller may not see, is left out.
 */
export function SyncStatusLine(props: {
  entity: Entity;
  entityRef: string;
  pollMs?: number;
}) {
  const { entity, entityRef, pollMs = 5000 } = props;
  const api = useApi(qualityScorecardApiRef);
  const { value, retry } = useAsyncRetry(async () => {
    const views = await Promise.all(
      SYNC_SOURCES.filter(s => entity.metadata.annotations?.[s.annotation]).map(
        async source => {
          const status = await api
            .getSyncStatus(source.id)
            .catch(() => undefined);
          return status && entitySyncView(source, status, entity, entityRef);
        },
      ),
    );
    return views.filter((v): v is EntitySyncView => !!v);
  }, [api, entity, entityRef]);
  // While a run is under way, its progress is read again every few seconds.
  const running = value?.some(v => v.running);
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(retry, pollMs);
    return () => clearTimeout(timer);
  }, [running, value, retry, pollMs]);
  if (!value?.length) return null;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
      {value.map(view => (
        <Box
          key={view.source}
          minWidth={200}
          data-testid={`sync-${view.source}`}
        >
          <Typography variant="body2" color="textSecondary">
            {describe(view)}
          </Typography>
          {view.running && (
            <LinearProgress
              data-testid={`sync-progress-${view.source}`}
              variant={view.running.total ? 'determinate' : 'indeterminate'}
              value={
                view.running.total
                  ? (100 * view.running.done) / view.running.total
                  : undefined
              }
            />
          )}
        </Box>
      ))}
    </Box>
  );
}
