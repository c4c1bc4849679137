import { Box, Grid, Typography } from '@material-ui/core';
import { Gauge, InfoCard } from '@backstage/core-components';
import {
  ScorecardResponse,
  ScorecardSummaryResponse,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { DefinitionLink } from '../DefinitionLink';
import { formatMetricValue } from '../format';
import { AiComparisonTable } from './AiComparisonTable';
import { ViolationsTable } from './ViolationsTable';

/**
 * The AI block: how much of the work is AI-assisted, how much of it followed
 * the review policy, which PRs did not, and how AI-assisted PRs fare.
 */
export function AiPolicyBlock(props: {
  scorecard: ScorecardResponse | ScorecardSummaryResponse;
}) {
  const { scorecard } = props;
  const { aiPolicy, aiComparison } = scorecard;
  const shareDefinition = getMetricDefinition('ai_assisted_share');
  const complianceDefinition = getMetricDefinition('ai_policy_compliance');
  const share = scorecard.metrics.find(m => m.id === 'ai_assisted_share');
  const showEntity =
    new Set(aiPolicy.violations.map(v => v.entityRef)).size > 1;
  return (
    <InfoCard
      title="AI-assisted changes"
      subheader="Share, review policy and outcomes"
    >
      <Grid container spacing={2} data-testid="ai-block">
        <Grid item xs={12} sm={4}>
          <Typography variant="subtitle2">
            <DefinitionLink definition={shareDefinition} />
          </Typography>
          <Typography variant="h4" data-testid="ai-share">
            {formatMetricValue(shareDefinition, share?.value)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            of merged PRs (n = {share?.n ?? 0})
          </Typography>
        </Grid>
        <Grid item xs={12} sm={8}>
          <Typography variant="subtitle2">
            <DefinitionLink definition={complianceDefinition} />
          </Typography>
          {aiPolicy.applicable > 0 && aiPolicy.rate !== null ? (
            <Box display="flex" alignItems="center" style={{ gap: 16 }}>
              <Box width={120}>
                <Gauge value={aiPolicy.rate} size="small" />
              </Box>
              <Typography variant="body2" data-testid="ai-compliance">
                {formatMetricValue(complianceDefinition, aiPolicy.rate)}:{' '}
                {aiPolicy.compliant} of {aiPolicy.applicable} PRs under the AI
                review policy passed every rule
              </Typography>
            </Box>
          ) : (
            <Typography variant="body2" data-testid="ai-compliance">
              No merged PR in this window fell under an AI review policy.
            </Typography>
          )}
        </Grid>
        {aiPolicy.violations.length > 0 && (
          <Grid item xs={12}>
            <ViolationsTable
              violations={aiPolicy.violations}
              total={aiPolicy.applicable - aiPolicy.compliant}
              showEntity={showEntity}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <Typography variant="subtitle2" gutterBottom>
            AI-assisted vs other merged PRs
          </Typography>
          {aiComparison ? (
            <AiComparisonTable comparison={aiComparison} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              The backend does not compare AI-assisted and other PRs yet.
            </Typography>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
}
