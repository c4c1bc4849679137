import {
  digestText,
  formatValue,
  groupDescription,
  inSentence,
  levelDropTitle,
  qualityLink,
  signalTitle,
} from './messages';

const W = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`);
const REF = 'component:default/payments';

describe('signalTitle', () => {
  it.each([
    [
      'beyond-3-sigma',
      'above',
      '2026-08-03',
      '2026-08-03',
      'payments: incidents per PR rose above its control limit in the week of 2026-08-03',
    ],
    [
      'beyond-3-sigma',
      'above',
      '2026-07-20',
      '2026-08-03',
      'payments: incidents per PR rose above its control limit for 3 weeks in a row from the week of 2026-07-20',
    ],
    [
      'two-of-three-beyond-2-sigma',
      'above',
      '2026-07-20',
      '2026-08-03',
      'payments: incidents per PR rose more than 2σ above its centre line in 2 of 3 weeks since the week of 2026-07-20',
    ],
    [
      'four-of-five-beyond-1-sigma',
      'below',
      '2026-07-06',
      '2026-08-03',
      'payments: incidents per PR fell more than 1σ below its centre line in 4 of 5 weeks since the week of 2026-07-06',
    ],
    [
      'eight-on-one-side',
      'below',
      '2026-06-08',
      '2026-08-03',
      'payments: incidents per PR fell below its centre line for 9 weeks in a row since the week of 2026-06-08',
    ],
  ] as const)('%s %s', (rule, side, start, end, expected) => {
    expect(
      signalTitle(
        REF,
        { title: 'Incidents per PR' },
        { rule, side, start: W(start), end: W(end) },
      ),
    ).toBe(expected);
  });

  it('keeps acronyms as written', () => {
    expect(inSentence('PR throughput')).toBe('PR throughput');
    expect(inSentence('AI-assisted share')).toBe('AI-assisted share');
    expect(inSentence('Review coverage')).toBe('review coverage');
  });
});

describe('words and links', () => {
  it('formats values in their unit', () => {
    expect(formatValue('ratio', 0.2)).toBe('20%');
    expect(formatValue('ratio', 0.045)).toBe('4.5%');
    expect(formatValue('seconds', 5400)).toBe('1.5 h');
    expect(formatValue('seconds', 3 * 86400)).toBe('3 days');
    expect(formatValue('incidents-per-pr', 0.1234)).toBe('0.123 per PR');
    // As the UI writes it (before the formatter moved to -common, messages wrote '12345.68').
    expect(formatValue('defects-per-million', 12345.678)).toBe('12,346 DPMO');
    expect(formatValue('sigma', 3.456)).toBe('3.46σ');
  });

  it('links to the Quality tab with the chart or check open', () => {
    expect(
      qualityLink('component:default/fraud-scoring', {
        metric: 'incidents_per_pr',
      }),
    ).toBe(
      '/catalog/default/component/fraud-scoring/quality?metric=incidents_per_pr',
    );
    expect(qualityLink('Group:other/payments-team')).toBe(
      '/catalog/other/group/payments-team/quality',
    );
    expect(qualityLink(REF, { check: 'cfr' })).toBe(
      '/catalog/default/component/payments/quality?check=cfr',
    );
  });

  it('describes a group of episodes, a digest and a level drop', () => {
    expect(
      groupDescription({ summary: 'A', detail: 'Numbers.' }, [
        { summary: 'B' },
        { summary: 'A' },
      ]),
    ).toBe('A; B. Numbers.');
    expect(groupDescription({ summary: 'A', detail: '' }, [])).toBe('A.');
    expect(digestText('group:default/payments-team', ['x', 'y'])).toEqual({
      title: 'payments-team: 2 new quality signals today',
      description: '• x\n• y',
    });
    expect(levelDropTitle(REF, 'gold', 'silver')).toBe(
      'payments: dropped from level gold to silver',
    );
    expect(levelDropTitle(REF, 'bronze', null)).toBe(
      'payments: lost level bronze and holds no level now',
    );
  });
});
