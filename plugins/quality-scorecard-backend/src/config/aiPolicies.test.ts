import { ConfigReader } from '@backstage/config';
import type { AiPolicyRule } from '@shewhart/plugin-quality-scorecard-node';
import { BUILT_IN_RULES } from '../engine/policy';
import { readAiPolicies } from './aiPolicies';

const read = (aiPolicies: unknown, rules: AiPolicyRule<any>[] = BUILT_IN_RULES) =>
  readAiPolicies(new ConfigReader({ qualityScorecard: { aiPolicies } } as any), rules);

describe('readAiPolicies', () => {
  it('uses the default policy without the key', () => {
    const policies = readAiPolicies(new ConfigReader({}), BUILT_IN_RULES);
    expect(policies.map(p => [p.id, p.appliesTo, p.rules.map(r => r.rule.id)])).toEqual([
      ['default', 'ai-assisted', ['human-approvals', 'no-self-merge']],
    ]);
  });

  it('reads policies with filters, defaults and parsed rule options', () => {
    const [policy] = read([
      {
        id: 'payments-ai',
        filter: { owner: ['payments-team'], tags: ['pci'] },
        minConfidence: 0.8,
        rules: [
          { id: 'human-approvals', options: { min: 2 } },
          { id: 'size-limit' },
          { id: 'tests-changed', options: { patterns: ['test/**'] } },
        ],
      },
    ]);
    expect(policy.id).toBe('payments-ai');
    expect(policy.title).toBe('payments-ai');
    expect(policy.appliesTo).toBe('ai-assisted');
    expect(policy.minConfidence).toBe(0.8);
    expect(policy.filter).toEqual({ owner: ['payments-team'], tags: ['pci'] });
    expect(policy.rules.map(r => [r.rule.id, r.options])).toEqual([
      ['human-approvals', { min: 2 }],
      ['size-limit', { maxChangedLines: 400 }],
      ['tests-changed', { patterns: ['test/**'] }],
    ]);
  });

  it.each([
    [[{ id: 'Bad Id', rules: [{ id: 'size-limit' }] }], 'qualityScorecard.aiPolicies[0].id: must be lower-case letters, digits and dashes'],
    [[{ id: 'a', rules: [] }], 'qualityScorecard.aiPolicies[0].rules: Array must contain at least 1 element(s)'],
    [[{ id: 'a', appliesTo: 'some', rules: [{ id: 'size-limit' }] }], "qualityScorecard.aiPolicies[0].appliesTo: Invalid enum value. Expected 'ai-assisted' | 'all', received 'some'"],
    [[{ id: 'a', minConfidence: 2, rules: [{ id: 'size-limit' }] }], 'qualityScorecard.aiPolicies[0].minConfidence: Number must be less than or equal to 1'],
    [[{ id: 'a', filter: { team: ['x'] }, rules: [{ id: 'size-limit' }] }], "qualityScorecard.aiPolicies[0].filter: Unrecognized key(s) in object: 'team'"],
    [[{ id: 'a', rules: [{ id: 'size-limit' }] }, { id: 'b', rules: [{ id: 'two-reviews' }] }], "qualityScorecard.aiPolicies[1].rules[0].id: unknown rule 'two-reviews' (known: human-approvals, no-self-merge, tests-changed, size-limit, approval-after-last-commit)"],
    [[{ id: 'a', rules: [{ id: 'size-limit', options: { maxChangedLines: -5 } }] }], "qualityScorecard.aiPolicies[0].rules[0].options: option 'maxChangedLines' must be an integer ≥ 1, got -5"],
    [[{ id: 'a', rules: [{ id: 'size-limit' }] }, { id: 'a', rules: [{ id: 'size-limit' }] }], "qualityScorecard.aiPolicies[1].id: duplicate policy id 'a'"],
  ])('rejects %j', (policies, message) => {
    expect(() => read(policies)).toThrow(message);
  });

  it('accepts rules that a module adds', () => {
    const rule: AiPolicyRule<{ label: string }> = {
      id: 'has-label',
      description: 'The PR carries a label',
      parseOptions: o => ({ label: String(o.label) }),
      evaluate: (pr, { label }) =>
        pr.labels.includes(label)
          ? { outcome: 'pass', reason: `labelled ${label}` }
          : { outcome: 'fail', reason: `not labelled ${label}` },
    };
    const [policy] = read([{ id: 'x', rules: [{ id: 'has-label', options: { label: 'reviewed' } }] }], [...BUILT_IN_RULES, rule]);
    expect(policy.rules[0].options).toEqual({ label: 'reviewed' });
  });
});
