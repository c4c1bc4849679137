import { ConfigReader } from '@backstage/config';
import { BUILT_IN_RULES } from '../engine/policy';
import { DEFAULT_AI_DETECTION } from '../engine/aiDetection';
import { compileAiPolicies } from './aiPolicies';
import { readQualityConfig } from './qualityConfig';

const AI_POLICIES = [
  {
    id: 'payments-ai',
    filter: { owner: ['payments-team'] },
    rules: [
      { id: 'human-approvals', options: { min: 2 } },
      { id: 'size-limit' },
    ],
  },
];

describe('readQualityConfig', () => {
  it('reads every part once, with the defaults where nothing is set', () => {
    const config = readQualityConfig(new ConfigReader({}), {
      policyRules: BUILT_IN_RULES,
    });
    expect(config.plugin.seriesWeeks).toBe(26);
    expect(config.plugin.productionEnvironments).toEqual(['production']);
    expect(config.aiPolicyDefinitions).toBeUndefined();
    expect(config.aiPolicies.map(p => p.id)).toEqual(['default']);
    expect(config.aiDetection).toBe(DEFAULT_AI_DETECTION);
    expect(config.checks).toEqual({ checks: [], levels: [], windowDays: 28 });
    expect(config.notifications.enabled).toBe(true);
  });

  it('hands the policies to the workers as data that compiles to the same policies', () => {
    const config = readQualityConfig(
      new ConfigReader({ qualityScorecard: { aiPolicies: AI_POLICIES } }),
      { policyRules: BUILT_IN_RULES },
    );
    // What crosses to a worker thread: a structured clone of plain data.
    const crossed = structuredClone({
      aiPolicies: config.aiPolicyDefinitions,
      aiDetection: config.aiDetection,
    });
    expect(crossed.aiPolicies).toEqual([
      {
        id: 'payments-ai',
        appliesTo: 'ai-assisted',
        minConfidence: 0,
        filter: { owner: ['payments-team'] },
        rules: [
          { id: 'human-approvals', options: { min: 2 } },
          { id: 'size-limit', options: {} },
        ],
      },
    ]);
    expect(crossed.aiDetection).toEqual(config.aiDetection);
    expect(compileAiPolicies(crossed.aiPolicies, [...BUILT_IN_RULES])).toEqual(
      config.aiPolicies,
    );
  });

  it('stops at the first bad key, naming it', () => {
    expect(() =>
      readQualityConfig(
        new ConfigReader({
          qualityScorecard: {
            aiPolicies: [{ id: 'Bad Id', rules: [{ id: 'size-limit' }] }],
          },
        }),
        { policyRules: BUILT_IN_RULES },
      ),
    ).toThrow(
      'qualityScorecard.aiPolicies[0].id: must be lower-case letters, digits and dashes',
    );
    expect(() =>
      readQualityConfig(
        new ConfigReader({ qualityScorecard: { checks: { windowDays: 3 } } }),
        {
          policyRules: BUILT_IN_RULES,
        },
      ),
    ).toThrow(/^qualityScorecard\.checks\.windowDays: /);
  });
});
