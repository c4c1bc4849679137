import { causedByPullRequest } from './causedBy';
import { classifyIssue, severityMap, severityOf } from './classify';
import { jiraTime } from './jiraTime';
import { entityKeys, issueKeys } from './locators';
import { issueEventId, siteOf } from './mapIssue';

describe('jiraTime', () => {
  it.each([
    ['2026-03-02T10:00:00.000+0000', '2026-03-02T10:00:00.000Z'],
    ['2026-03-02T10:00:00.000+0130', '2026-03-02T08:30:00.000Z'],
    ['2026-03-02T10:00:00-05:00', '2026-03-02T15:00:00.000Z'],
    ['2026-03-02T10:00Z', '2026-03-02T10:00:00.000Z'],
  ])('reads %s', (value, iso) => {
    expect(new Date(jiraTime(value)!).toISOString()).toBe(iso);
  });
  it.each([
    ['yesterday'],
    ['2026-03-02'],
    ['2026-03-02T10:00:00'],
    [12],
    [null],
  ])('refuses %p', value => expect(jiraTime(value)).toBeNull());
});

describe('severity', () => {
  const map = severityMap({ P1: 'critical', Medium: 'high' });
  it.each([
    ['Highest', 'critical'],
    ['Blocker', 'critical'],
    ['High', 'high'],
    ['Critical', 'high'],
    ['Medium', 'high'], // configured over the default medium
    ['Major', 'medium'],
    ['Low', 'low'],
    ['Lowest', 'low'],
    ['Minor', 'low'],
    ['trivial', 'low'],
    ['p1', 'critical'],
    ['Urgent', 'Urgent'], // unmapped: its own name
    [null, null],
  ])('%p → %p', (priority, severity) => {
    expect(severityOf(priority, map)).toBe(severity);
  });
});

describe('classifyIssue', () => {
  const rules = {
    bugs: { issueTypes: ['Bug'], labels: ['defect'], priorities: [] },
    incidents: {
      issueTypes: ['Incident', '[System] Incident'],
      labels: ['outage'],
      priorities: ['Highest', 'High'],
    },
  };
  const fields = (
    type: string,
    labels: string[] = [],
    priority = 'Medium',
  ) => ({
    created: '2026-03-02T10:00:00.000+0000',
    issuetype: { name: type },
    labels,
    priority: { name: priority },
  });
  it.each([
    [fields('Bug'), 'bug'],
    [fields('bug'), 'bug'],
    [fields('Story', ['Defect']), 'bug'],
    [fields('Incident', [], 'High'), 'incident'],
    [fields('[System] Incident', [], 'Highest'), 'incident'],
    // An incident rule with priorities: a Medium incident is neither.
    [fields('Incident', [], 'Medium'), undefined],
    [fields('Bug', ['outage'], 'High'), 'incident'],
    [fields('Task'), undefined],
  ])('%#', (f, kind) => expect(classifyIssue(f, rules)).toBe(kind));
});

describe('causedByPullRequest', () => {
  it.each([
    [['Caused by #12'], 12],
    [['caused by !7, in the retry loop'], 7],
    [['Caused by: https://github.com/acme/pay/pull/31'], 31],
    [['caused by https://gitlab.example.com/acme/pay/-/merge_requests/44'], 44],
    [[null, 'nothing here', 'caused by #3'], 3],
    [['caused by #1', 'caused by #2'], 1],
    [
      [
        {
          type: 'doc',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'caused by ' },
                {
                  type: 'inlineCard',
                  attrs: { url: 'https://github.com/a/b/pull/9' },
                },
              ],
            },
          ],
        },
      ],
      9,
    ],
    [['fixed in #12'], undefined],
    [['caused by #0'], undefined],
  ])('%#', (texts, number) => expect(causedByPullRequest(texts)).toBe(number));
});

describe('locator keys', () => {
  it.each([
    [{ 'jira/project-key': 'PAY' }, ['jira:PAY']],
    [
      { 'jira/project-key': 'PAY', 'jira/component': 'Payments' },
      ['jira:PAY/component:Payments'],
    ],
    [
      { 'jira/project-key': 'PAY', 'jira/label': 'web' },
      ['jira:PAY/label:web'],
    ],
    [
      { 'jira/project-key': 'PAY', 'jira/component': 'A, B' },
      ['jira:PAY/component:A', 'jira:PAY/component:B'],
    ],
    [
      { 'jira/project-key': 'PAY', 'jira/component': 'A', 'jira/label': 'web' },
      ['jira:PAY/component:A/label:web'],
    ],
    [{ 'jira/component': 'A' }, []],
  ])('an entity with %p answers to %p', (annotations, keys) => {
    expect(entityKeys(annotations)).toEqual(keys);
  });

  it('orders an issue’s keys most specific first', () => {
    expect(issueKeys('PAY', ['A', 'B'], ['web'])).toEqual([
      'jira:PAY/component:A/label:web',
      'jira:PAY/component:B/label:web',
      'jira:PAY/component:A',
      'jira:PAY/component:B',
      'jira:PAY/label:web',
      'jira:PAY',
    ]);
  });
});

describe('issue ids', () => {
  it.each([
    [
      'https://acme.atlassian.net/rest/api/3/issue/10001',
      'https://acme.atlassian.net',
      'acme.atlassian.net/10001',
    ],
    [
      'https://jira.acme.test/jira/rest/api/2/issue/10001',
      'https://jira.acme.test/jira',
      'jira.acme.test/jira/10001',
    ],
  ])('%s', (self, site, id) => {
    expect([siteOf(self), issueEventId({ id: '10001', self })]).toEqual([
      site,
      id,
    ]);
  });
});
