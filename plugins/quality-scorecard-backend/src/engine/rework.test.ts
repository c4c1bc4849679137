/*
 * Which PRs name an incident open during their life: the incident's pattern
 * decides (case-insensitive, the id between non-alphanumerics); the
 * lower-cased text test before it only skips PRs the pattern cannot match.
 */
import { DEFAULT_REWORK, reworkMatcher } from './rework';
import {
  storedIncident as inc,
  storedPullRequest as pr,
} from '../__fixtures__/stored';

describe('incident references', () => {
  const open = (id: string) => inc(id, 0);
  const named = (id: string, text: string) =>
    reworkMatcher(DEFAULT_REWORK, [open(id)])(
      pr({ number: 1, createdAt: 10, mergedAt: 20, body: text }),
    );

  it.each([
    ['Q1ABCD', 'Fixes q1abcd.', true],
    ['Q1ABCD', 'Fixes Q1ABCDE', false],
    ['Q1ABCD', 'Fixes xq1abcd', false],
    ['Q1ABCD', 'Fixes q1ab cd', false],
    ['inc-42.a', 'see INC-42.A', true],
    ['inc-42.a', 'see INC-42xA', false],
    // `*` is not escaped: the pattern's quantifier decides, as before.
    ['INC*1', 'see IN1', true],
    ['INC*1', 'see INCCC1', true],
    // Non-ASCII ids go to the pattern alone (ä and Ä fold to each other).
    ['ÄBC-1', 'see äbc-1', true],
    // The Kelvin sign is no K without the `u` flag, though it lower-cases to k.
    ['KELV', 'see \u212aELV', false],
    ['KELV', 'see kelv', true],
  ])('%s in %j → %s', (id, text, expected) => {
    expect(named(id, text)).toBe(expected);
  });

  it('checks the incident was open during the PR', () => {
    const isRework = reworkMatcher(DEFAULT_REWORK, [
      inc('Q1ABCD', 30),
      inc('Q2WXYZ', 0, { resolvedAt: 5 }),
      inc('Q3LMNO', 0, { resolvedAt: 15 }),
    ]);
    const at = (body: string) =>
      isRework(pr({ number: 1, createdAt: 10, mergedAt: 20, body }));
    expect([
      at('Fixes Q1ABCD'),
      at('Fixes Q2WXYZ'),
      at('Fixes Q3LMNO'),
    ]).toEqual([false, false, true]);
  });
});
