import { useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import type { Entity } from '@backstage/catalog-model';
import {
  ScorecardSummaryResponse,
  qualityScorecardRefreshPermission,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { CsvExportButton, weeklySeriesCsv } from '../CsvExport';
import { formatDateTime } from '../locale';
import { SyncStatusLine } from '../SyncStatus';

/**
 * When the numbers were computed, a refresh for those allowed, the sync
 * status of the entity's sources and the weekly series as CSV.
 */
export function ScorecardHeader(props: {
  entity: Entity;
  /** The summary the tab shows; the CSV reads the full scorecard of its window. */
  scorecard: Pick<
    ScorecardSummaryResponse,
    'entityRef' | 'window' | 'computedAt'
  >;
  onRefreshed: () => void;
}) {
  const { entity, scorecard, onRefreshed } = props;
  const api = useApi(qualityScorecardApiRef);
  const { allowed } = usePermission({
    permission: qualityScorecardRefreshPermission,
  });
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string>();
  const refresh = async () => {
    setRefreshing(true);
    setError(undefined);
    try {
      await api.refreshEntity(scorecard.entityRef);
      onRefreshed();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRefreshing(false);
    }
  };
  const name = entity.metadata.name;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
      >
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="computed-at"
        >
          {scorecard.computedAt
            ? `Computed at ${formatDateTime(scorecard.computedAt)}`
            : 'Not computed yet'}
        </Typography>
        {allowed && (
          <Button
            size="small"
            variant="outlined"
            startIcon={<RefreshIcon />}
            disabled={refreshing}
            onClick={refresh}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </Button>
        )}
        <CsvExportButton
          filename={`${name}-weekly-series.csv`}
          label="Weekly series CSV"
          csv={async () =>
            weeklySeriesCsv(
              (
                await api.getEntityScorecard(
                  scorecard.entityRef,
                  scorecard.window,
                )
              ).metrics,
            )
          }
        />
        {error && (
          <Typography variant="body2" color="error" role="alert">
            Refresh failed: {error}
          </Typography>
        )}
      </Box>
      <SyncStatusLine entity={entity} entityRef={scorecard.entityRef} />
    </Box>
  );
}
