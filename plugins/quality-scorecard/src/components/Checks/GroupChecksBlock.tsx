import useAsync from 'react-use/esm/useAsync';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  CheckDefinitionInfo,
  LevelInfo,
} from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardApiRef } from '../../api';
import { LevelChip } from './LevelChip';
import { LevelDistributionTable } from './LevelDistributionTable';
import { useCheckDefinitions } from './useChecks';

function OwnerChecks(props: {
  entityRef: string;
  levels: LevelInfo[];
  checks: CheckDefinitionInfo[];
}) {
  const { entityRef, levels, checks } = props;
  const titleOf = (id: string) => checks.find(c => c.id === id)?.title ?? id;
  const api = useApi(qualityScorecardApiRef);
  const { value, loading, error } = useAsync(
    async () => api.getOwnerChecks(entityRef),
    [api, entityRef],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the levels of this team"
      />
    );
  }
  if (!value) return null;
  return (
    <InfoCard
      title="Levels"
      subheader="How many of the team's services hold each level"
    >
      <div data-testid="group-checks">
        <LevelDistributionTable
          rows={[value]}
          levels={levels}
          nameTitle="Team"
        />
        {value.rows.length > 0 && (
          <Box mt={2} overflow="auto">
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Entity</TableCell>
                  <TableCell>Level</TableCell>
                  <TableCell>Failing checks</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.rows.map(r => (
                  <TableRow
                    key={r.entityRef}
                    data-testid={`group-checks-row-${r.entityRef}`}
                  >
                    <TableCell>{parseEntityRef(r.entityRef).name}</TableCell>
                    <TableCell>
                      <LevelChip level={r.level} levels={levels} />
                    </TableCell>
                    <TableCell>
                      <Typography variant="body2">
                        {r.failing.length > 0
                          ? r.failing.map(titleOf).join('; ')
                          : '—'}
                      </Typography>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </div>
    </InfoCard>
  );
}

/** The team tab's level distribution; hidden when no checks are configured. */
export function GroupChecksBlock(props: { entityRef: string }) {
  const definitions = useCheckDefinitions();
  if (!definitions.value || definitions.value.checks.length === 0) return null;
  return (
    <OwnerChecks
      entityRef={props.entityRef}
      levels={definitions.value.levels}
      checks={definitions.value.checks}
    />
  );
}
