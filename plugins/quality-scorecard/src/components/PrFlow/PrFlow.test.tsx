import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { paymentsApiMetrics } from '../../__fixtures__/scorecards';
import { PrFlowCard } from './PrFlowCard';
import { flowWeeks, hasFlowData } from './prFlowData';

describe('PrFlowCard', () => {
  it('draws a week per point: each part in hours beside lead time', () => {
    const metrics = paymentsApiMetrics();
    expect(hasFlowData(metrics)).toBe(true);
    const weeks = flowWeeks(metrics);
    expect(weeks).toHaveLength(26);
    // week 0: coding 8 h (28,800 s with the fixture's −5% wobble), pickup 1 h, review 2 h, deploy 1 day
    expect(weeks[0]).toMatchObject({
      week: 'Jun 1',
      pr_coding_time: 7.6,
      pr_pickup_time: 0.95,
      pr_review_time: 1.9,
      pr_deploy_time: 22.8,
    });
  });

  it('lists each part with its window median and n', async () => {
    await renderInTestApp(<PrFlowCard metrics={paymentsApiMetrics()} />);
    expect(screen.getByTestId('flow-part-pr_coding_time')).toHaveTextContent(
      'Coding time: 4 h (n = 27)',
    );
  });
});
