/* Merge requests, their notes and approvals as `pull_request` events. */
import {
  mergeRequestEvent,
  reviewsFromNotes,
  withCurrentApprovals,
} from './restMapping';

const PROJECT = { host: 'gitlab.example.com', path: 'Acme/Platform/Payments' };
const LOCATOR = {
  source: 'gitlab',
  gitlabProject: 'Acme/Platform/Payments',
  gitlabInstance: 'gitlab.example.com',
};
const user = (username: string) => ({ id: username.length, username });
const note = (by: string, body: string, at: string, system = false) => ({
  author: user(by),
  body,
  created_at: at,
  system,
});

describe('reviewsFromNotes', () => {
  it.each([
    {
      name: 'approval, unapproval and re-approval notes, in time order',
      notes: [
        note(
          'bob',
          'approved this merge request',
          '2026-03-02T12:00:00.000Z',
          true,
        ),
        note(
          'bob',
          'unapproved this merge request',
          '2026-03-02T13:00:00.000Z',
          true,
        ),
        note(
          'bob',
          'approved this merge request',
          '2026-03-02T14:00:00.000Z',
          true,
        ),
      ],
      reviews: [
        ['bob', 'APPROVED', '2026-03-02T12:00:00Z'],
        ['bob', 'DISMISSED', '2026-03-02T13:00:00Z'],
        ['bob', 'APPROVED', '2026-03-02T14:00:00Z'],
      ],
      ready: null,
    },
    {
      name: "comments by others; the author's own comments and other system notes are none",
      notes: [
        note('alice', 'Thanks', '2026-03-02T11:00:00.000Z'),
        note('bob', 'Why?', '2026-03-02T11:30:00.000+01:00'),
        note('bob', 'added 1 commit', '2026-03-02T11:40:00.000Z', true),
        note('gitlabduo', 'Looks fine', '2026-03-02T11:50:00.000Z'),
      ],
      reviews: [
        ['bob', 'COMMENTED', '2026-03-02T10:30:00Z'],
        ['gitlabduo', 'COMMENTED', '2026-03-02T11:50:00Z'],
      ],
      ready: null,
    },
    {
      name: 'the latest "ready" note, in both wordings',
      notes: [
        note(
          'alice',
          'marked this merge request as **ready**',
          '2026-03-02T09:00:00.000Z',
          true,
        ),
        note(
          'alice',
          'marked this merge request as **draft**',
          '2026-03-02T09:30:00.000Z',
          true,
        ),
        note(
          'alice',
          'unmarked as a **Work In Progress**',
          '2026-03-02T10:00:00.000Z',
          true,
        ),
      ],
      reviews: [],
      ready: '2026-03-02T10:00:00Z',
    },
  ])('$name', ({ notes, reviews, ready }) => {
    const result = reviewsFromNotes('alice', notes);
    expect(
      result.reviews.map(r => [r.reviewer, r.state, r.submittedAt]),
    ).toEqual(reviews);
    expect(result.readyForReviewAt).toBe(ready);
  });

  it('marks bot reviewers', () => {
    const { reviews } = reviewsFromNotes('alice', [
      note(
        'project_42_bot_1a2b',
        'approved this merge request',
        '2026-03-02T12:00:00Z',
        true,
      ),
    ]);
    expect(reviews).toEqual([
      {
        reviewer: 'project_42_bot_1a2b',
        state: 'APPROVED',
        submittedAt: '2026-03-02T12:00:00Z',
        isBot: true,
      },
    ]);
  });
});

describe('withCurrentApprovals', () => {
  const approved = (...names: string[]) => ({
    approved_by: names.map(n => ({ user: user(n) })),
  });
  const noted = reviewsFromNotes('alice', [
    note('bob', 'approved this merge request', '2026-03-02T12:00:00Z', true),
    note('carol', 'approved this merge request', '2026-03-02T12:10:00Z', true),
    note(
      'carol',
      'unapproved this merge request',
      '2026-03-02T12:20:00Z',
      true,
    ),
  ]).reviews;
  it.each([
    // An approver with an approval note: nothing added.
    [
      approved('bob'),
      [
        ['bob', 'APPROVED', '2026-03-02T12:00:00Z'],
        ['carol', 'APPROVED', '2026-03-02T12:10:00Z'],
        ['carol', 'DISMISSED', '2026-03-02T12:20:00Z'],
      ],
    ],
    // Without a note, or whose latest note withdrew it: at updated_at.
    [
      approved('bob', 'carol', 'dave'),
      [
        ['bob', 'APPROVED', '2026-03-02T12:00:00Z'],
        ['carol', 'APPROVED', '2026-03-02T12:10:00Z'],
        ['carol', 'DISMISSED', '2026-03-02T12:20:00Z'],
        ['carol', 'APPROVED', '2026-03-02T15:00:00Z'],
        ['dave', 'APPROVED', '2026-03-02T15:00:00Z'],
      ],
    ],
    [
      null,
      [
        ['bob', 'APPROVED', '2026-03-02T12:00:00Z'],
        ['carol', 'APPROVED', '2026-03-02T12:10:00Z'],
        ['carol', 'DISMISSED', '2026-03-02T12:20:00Z'],
      ],
    ],
  ])('approvals %j', (approvals, expected) => {
    expect(
      withCurrentApprovals(noted, approvals, '2026-03-02T15:00:00Z').map(r => [
        r.reviewer,
        r.state,
        r.submittedAt,
      ]),
    ).toEqual(expected);
  });
});

describe('mergeRequestEvent', () => {
  const base = {
    iid: 12,
    title: 'Refunds',
    author: user('alice'),
    created_at: '2026-03-02T10:00:00.000Z',
    updated_at: '2026-03-02T14:00:00.000Z',
    labels: ['feature', 'ai-assisted'],
    description: 'This reverts merge request !7\n\nBroke refunds',
    source_branch: 'revert-7',
    web_url:
      'https://gitlab.example.com/Acme/Platform/Payments/-/merge_requests/12',
  };
  it.each([
    {
      name: 'merged with a merge commit, by merge_user',
      mr: {
        ...base,
        state: 'merged',
        merged_at: '2026-03-02T14:00:00.000Z',
        closed_at: null,
        merge_commit_sha: 'ABC',
        squash_commit_sha: 'def',
        merge_user: user('bob'),
        merged_by: user('carol'),
      },
      expected: {
        mergedAt: '2026-03-02T14:00:00Z',
        closedAt: '2026-03-02T14:00:00Z',
        mergeCommitSha: 'ABC',
        mergedBy: 'bob',
      },
    },
    {
      name: 'squashed, merged_by only (older GitLab)',
      mr: {
        ...base,
        state: 'merged',
        merged_at: '2026-03-02T14:00:00.000Z',
        merge_commit_sha: null,
        squash_commit_sha: 'def',
        merged_by: user('carol'),
      },
      expected: {
        mergedAt: '2026-03-02T14:00:00Z',
        closedAt: '2026-03-02T14:00:00Z',
        mergeCommitSha: 'def',
        mergedBy: 'carol',
      },
    },
    {
      name: 'closed unmerged',
      mr: { ...base, state: 'closed', closed_at: '2026-03-02T13:00:00.000Z' },
      expected: {
        mergedAt: null,
        closedAt: '2026-03-02T13:00:00Z',
        mergeCommitSha: null,
        mergedBy: null,
      },
    },
    {
      name: 'open',
      mr: { ...base, state: 'opened' },
      expected: {
        mergedAt: null,
        closedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
      },
    },
  ])('$name', ({ mr, expected }) => {
    const event = mergeRequestEvent(PROJECT, {
      mergeRequest: mr,
      commits: [
        {
          id: 'B2',
          message: 'second',
          authored_date: '2026-03-02T09:30:00.000+01:00',
          committed_date: '2026-03-02T09:45:00.000+01:00',
        },
        {
          id: 'a1',
          message: 'first\n\nCo-authored-by: Claude <noreply@anthropic.com>',
          authored_date: '2026-03-02T08:00:00.000Z',
          committed_date: '2026-03-02T08:00:00.000Z',
        },
      ],
      diffs: [{ new_path: 'src/a.ts', diff: '@@ -1 +1,2 @@\n-x\n+y\n+z\n' }],
      notes: [
        note(
          'bob',
          'approved this merge request',
          '2026-03-02T12:00:00.000Z',
          true,
        ),
      ],
      approvals: { approved_by: [{ user: user('bob') }] },
    });
    expect(event).toEqual({
      type: 'pull_request',
      id: 'gitlab.example.com/acme/platform/payments!12',
      ...LOCATOR,
      number: 12,
      title: 'Refunds',
      author: 'alice',
      url: 'https://gitlab.example.com/Acme/Platform/Payments/-/merge_requests/12',
      createdAt: '2026-03-02T10:00:00Z',
      additions: 2,
      deletions: 1,
      changedFiles: 1,
      files: ['src/a.ts'],
      labels: ['feature', 'ai-assisted'],
      body: 'This reverts merge request !7\n\nBroke refunds',
      reverts: 7,
      headRef: 'revert-7',
      startedBy: null,
      // Sorted by author time; shas lower case.
      commits: [
        {
          sha: 'a1',
          authoredAt: '2026-03-02T08:00:00Z',
          committedAt: '2026-03-02T08:00:00Z',
          message: 'first\n\nCo-authored-by: Claude <noreply@anthropic.com>',
        },
        {
          sha: 'b2',
          authoredAt: '2026-03-02T08:30:00Z',
          committedAt: '2026-03-02T08:45:00Z',
          message: 'second',
        },
      ],
      reviews: [
        {
          reviewer: 'bob',
          state: 'APPROVED',
          submittedAt: '2026-03-02T12:00:00Z',
          isBot: false,
        },
      ],
      ...expected,
    });
  });
});
