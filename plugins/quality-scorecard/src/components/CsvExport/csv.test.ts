import type { OverviewRow } from '@shewhart/plugin-quality-scorecard-common';
import { csvField, overviewRowsCsv, toCsv, weeklySeriesCsv } from './csv';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['@sum', "'@sum"],
    [-0.5, '-0.5'],
    [0, '0'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ])('%p → %p', (cell, expected) => {
    expect(csvField(cell)).toBe(expected);
  });
});

describe('CSV files', () => {
  it('writes a header row and CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('writes the weekly series in metric definition order with ISO dates and raw values', () => {
    expect(
      weeklySeriesCsv([
        {
          id: 'change_failure_rate',
          value: 0.2,
          n: 10,
          flags: [],
          series: [
            { start: '2026-11-23T00:00:00.000Z', value: 0.25, n: 4 },
            { start: '2026-11-30T00:00:00.000Z', value: null, n: 0 },
          ],
        },
        {
          id: 'deployment_frequency',
          value: 2,
          n: 10,
          flags: [],
          series: [{ start: '2026-11-30T00:00:00.000Z', value: 2, n: 3 }],
        },
      ]),
    ).toBe(
      'metric,unit,week_start,value,n\r\n' +
        'deployment_frequency,days-per-week,2026-11-30,2,3\r\n' +
        'change_failure_rate,ratio,2026-11-23,0.25,4\r\n' +
        'change_failure_rate,ratio,2026-11-30,,0\r\n',
    );
  });

  it('writes team and overview rows with a column a metric present', () => {
    const row = (
      entityRef: string,
      title: string | undefined,
      cfr: number | null,
    ): OverviewRow => ({
      entityRef,
      title,
      entities: 3,
      metrics: [
        { id: 'change_failure_rate', value: cfr, n: 5, flags: [], series: [] },
      ],
      aiPolicy: { applicable: 4, compliant: 3, rate: 0.75 },
    });
    expect(
      overviewRowsCsv([
        row('group:default/payments', 'Payments, EU', 0.1),
        row('group:default/fraud', undefined, null),
      ]),
    ).toBe(
      'entity_ref,title,entities,change_failure_rate,ai_policy_applicable,ai_policy_compliant\r\n' +
        'group:default/payments,"Payments, EU",3,0.1,4,3\r\n' +
        'group:default/fraud,,3,,4,3\r\n',
    );
  });
});
