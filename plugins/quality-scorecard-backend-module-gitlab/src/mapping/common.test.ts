import {
  deploymentEnvironment,
  gitlabTime,
  isBotUser,
  issueClass,
  mergeRequestId,
  projectFromWebUrl,
  review,
  withReview,
} from './common';
import { tokenMatches } from '@shewhart/plugin-quality-scorecard-node';

describe('gitlabTime', () => {
  it.each([
    ['2024-03-04T10:00:00Z', '2024-03-04T10:00:00Z'],
    ['2024-03-04T10:00:00.123Z', '2024-03-04T10:00:00Z'],
    ['2024-03-04T11:00:00+01:00', '2024-03-04T10:00:00Z'],
    ['2024-03-04 10:00:00 UTC', '2024-03-04T10:00:00Z'],
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00Z'],
    ['2021-04-28 21:50:00 +02:00', '2021-04-28T19:50:00Z'],
    // Without a zone the instant is unknown: none.
    ['2024-03-04 10:00:00', null],
    ['2024-03-04T10:00:00', null],
    ['yesterday', null],
    ['', null],
    [null, null],
    [1709546400, null],
  ])('%p → %p', (input, expected) => {
    expect(gitlabTime(input)).toBe(expected);
  });
});

describe('issueClass', () => {
  const rules = { incidentLabels: ['incident', 'sev1'], bugLabels: ['bug'] };
  it.each([
    [{ issueType: 'incident', labels: [] }, 'incident'],
    [{ issueType: 'issue', labels: ['Sev1'] }, 'incident'],
    [{ issueType: 'issue', labels: ['Bug', 'incident'] }, 'incident'],
    [{ issueType: 'issue', labels: ['BUG'] }, 'bug'],
    [{ issueType: 'incident', labels: ['bug'] }, 'incident'],
    [{ issueType: 'issue', labels: ['docs'] }, null],
    [{ issueType: null, labels: [] }, null],
  ])('%p → %p', (issue, expected) => {
    expect(issueClass(issue, rules)).toBe(expected);
  });
});

describe('deploymentEnvironment', () => {
  it.each([
    ['prod', 'production', 'production'],
    ['production/eu', 'production', 'production'],
    ['staging', 'staging', 'staging'],
    ['production', null, 'production'],
    ['review/feature-x', 'development', 'review/feature-x'],
  ])('%p (tier %p) → %p', (name, tier, expected) => {
    expect(deploymentEnvironment(name, tier)).toBe(expected);
  });
});

describe('ids and locators', () => {
  it('names a project by host and path, the path case-insensitive in ids', () => {
    const project = projectFromWebUrl(
      'https://GitLab.Example.com:8443/Acme/Platform/Payments',
      'Acme/Platform/Payments',
    );
    expect(project).toEqual({
      host: 'gitlab.example.com:8443',
      path: 'Acme/Platform/Payments',
    });
    expect(mergeRequestId(project!, 12)).toBe(
      'gitlab.example.com:8443/acme/platform/payments!12',
    );
    expect(projectFromWebUrl('not a url', 'a/b')).toBeUndefined();
    expect(projectFromWebUrl(undefined, 'a/b')).toBeUndefined();
  });
});

describe('reviews', () => {
  it('marks GitLab bots and keeps one review per reviewer, state and instant', () => {
    expect([
      isBotUser('GitLabDuo'),
      isBotUser('project_42_bot_1a2b'),
      isBotUser('renovate[bot]'),
      isBotUser('bob'),
      isBotUser('bob', true),
    ]).toEqual([true, true, true, false, true]);
    let reviews = withReview(
      [],
      review('bob', 'APPROVED', '2026-03-02T12:00:00Z'),
    );
    reviews = withReview(
      reviews,
      review('bob', 'APPROVED', '2026-03-02T12:00:00.000Z'),
    );
    reviews = withReview(
      reviews,
      review('bob', 'COMMENTED', '2026-03-02T11:00:00Z'),
    );
    reviews = withReview(
      reviews,
      review('bob', 'DISMISSED', '2026-03-02T12:00:00Z'),
    );
    expect(reviews.map(r => [r.reviewer, r.state, r.submittedAt])).toEqual([
      ['bob', 'COMMENTED', '2026-03-02T11:00:00Z'],
      ['bob', 'APPROVED', '2026-03-02T12:00:00.000Z'],
      ['bob', 'DISMISSED', '2026-03-02T12:00:00Z'],
    ]);
  });
});

describe('tokenMatches', () => {
  it.each([
    ['s3cret', ['s3cret'], true],
    ['s3cret', ['other', 's3cret'], true],
    ['s3cret', ['S3cret'], false],
    ['s3cre', ['s3cret'], false],
    ['s3cret-and-more', ['s3cret'], false],
    ['s3cret', [], false],
  ])('%p against %p → %p', (token, secrets, expected) => {
    expect(tokenMatches(token, secrets)).toBe(expected);
  });
});
