import { ConfigReader } from '@backstage/config';
import { readChecksConfig } from './checks';

const read = (checks: unknown) => readChecksConfig(new ConfigReader({ qualityScorecard: { checks } } as any));

describe('readChecksConfig', () => {
  it('reads nothing as no checks', () => {
    expect(readChecksConfig(new ConfigReader({}))).toEqual({ windowDays: 28, checks: [], levels: [] });
  });

  it('reads a balanced check: the counterweight is the metric definition’s', () => {
    const config = read({
      definitions: [
        { id: 'fast-and-safe', metric: 'deployment_frequency', band: 'high', counterweight: { band: 'medium' } },
      ],
    });
    expect(config.checks[0].counterweight).toEqual({ band: 'medium', metric: 'change_failure_rate' });
  });

  it('reads checks and levels with defaults', () => {
    const config = read({
      definitions: [
        { id: 'cfr', metric: 'change_failure_rate', operator: '<=', threshold: 0.15, minSampleSize: 5 },
        { id: 'deploys', title: 'Deploys weekly', metric: 'deployment_frequency', band: 'high', filter: { kind: ['Component'] } },
      ],
      levels: [{ id: 'bronze', checks: ['cfr', 'deploys'] }],
    });
    expect(config.checks).toEqual([
      { id: 'cfr', title: 'cfr', metric: 'change_failure_rate', operator: '<=', threshold: 0.15, minSampleSize: 5, filter: {} },
      { id: 'deploys', title: 'Deploys weekly', metric: 'deployment_frequency', band: 'high', minSampleSize: 0, filter: { kind: ['Component'] } },
    ]);
    expect(config.levels).toEqual([{ id: 'bronze', title: 'bronze', checks: ['cfr', 'deploys'] }]);
  });

  it.each([
    [{ definitions: [{ id: 'a', metric: 'mttr', operator: '<=', threshold: 1 }] }, 'qualityScorecard.checks.definitions[0].metric: Invalid enum value.'],
    [{ definitions: [{ id: 'a', metric: 'change_failure_rate' }] }, 'qualityScorecard.checks.definitions[0]: needs operator and threshold, or band'],
    [{ definitions: [{ id: 'a', metric: 'change_failure_rate', operator: '<=', threshold: 1, band: 'high' }] }, 'qualityScorecard.checks.definitions[0]: give either band or operator and threshold, not both'],
    [{ definitions: [{ id: 'a', metric: 'review_coverage', band: 'high' }] }, 'qualityScorecard.checks.definitions[0].band: review_coverage has no DORA bands'],
    [{ definitions: [{ id: 'a', metric: 'deployment_rework_rate', band: 'high' }] }, 'qualityScorecard.checks.definitions[0].band: deployment_rework_rate has no DORA bands'],
    [{ definitions: [{ id: 'a', metric: 'time_to_restore', band: 'elite' }] }, 'qualityScorecard.checks.definitions[0].band: DORA 2022 gives time_to_restore no elite band (it gives high, medium, low)'],
    [{ definitions: [{ id: 'a', metric: 'change_failure_rate', operator: '<=', threshold: 0.1, counterweight: { operator: '<=', threshold: 1 } }] }, 'qualityScorecard.checks.definitions[0].counterweight: change_failure_rate has no counterweight'],
    [{ definitions: [{ id: 'a', metric: 'deployment_frequency', band: 'high', counterweight: { operator: '<=' } }] }, 'qualityScorecard.checks.definitions[0].counterweight: needs operator and threshold, or band'],
    [{ definitions: [{ id: 'a', metric: 'lead_time_for_changes', band: 'high', counterweight: { band: 'high' } }] }, 'qualityScorecard.checks.definitions[0].counterweight.band: deployment_rework_rate has no DORA bands'],
    [{ definitions: [{ id: 'a', metric: 'review_coverage', operator: '=>', threshold: 1 }] }, "qualityScorecard.checks.definitions[0].operator: Invalid enum value. Expected '<=' | '<' | '>=' | '>', received '=>'"],
    [{ definitions: [{ id: 'a', metric: 'review_coverage', operator: '>=', threshold: 1 }, { id: 'a', metric: 'review_coverage', operator: '>=', threshold: 1 }] }, "qualityScorecard.checks.definitions[1].id: duplicate check id 'a'"],
    [{ definitions: [{ id: 'a', metric: 'review_coverage', operator: '>=', threshold: 1 }], levels: [{ id: 'silver', checks: ['a', 'b'] }] }, "qualityScorecard.checks.levels[0].checks[1]: unknown check 'b'"],
    [{ windowDays: 3 }, 'qualityScorecard.checks.windowDays: Number must be greater than or equal to 7'],
    [{ definition: [] }, "qualityScorecard.checks: Unrecognized key(s) in object: 'definition'"],
  ])('rejects %j', (checks, message) => {
    expect(() => read(checks)).toThrow(message);
  });
});
