import { commit, pullRequest, user } from '../__testUtils__/githubPayloads';
import { pullRequestEvent, readyForReviewAt, startedBy } from './mapping';

const REPO = 'acme/payments';

/**
 * The user GitHub's REST API returns for Copilot's coding agent: the login
 * `Copilot`, a Bot (its commits use 198982749+Copilot@users.noreply.github.com).
 */
const COPILOT = {
  login: 'Copilot',
  id: 198982749,
  node_id: 'BOT_kgDOC9w8XQ',
  avatar_url: 'https://avatars.githubusercontent.com/in/1143301?v=4',
  url: 'https://api.github.com/users/Copilot',
  html_url: 'https://github.com/apps/copilot-swe-agent',
  type: 'Bot',
  site_admin: false,
};

function detail(author: Record<string, any>, assignees: Record<string, any>[]) {
  const pr = pullRequest(
    REPO,
    {
      number: 3,
      title: 'Bump retry limit',
      author: 'placeholder',
      createdAt: '2026-03-02T09:00:00Z',
      updatedAt: '2026-03-02T10:00:00Z',
      headRef: 'copilot/bump-retries',
    },
    { additions: 1, deletions: 1, changedFiles: 1, commits: 1 },
  );
  pr.user = author;
  pr.assignee = assignees[0] ?? null;
  pr.assignees = assignees;
  return pr;
}

describe('startedBy (GET /pulls/{n})', () => {
  it.each([
    [
      'Copilot first, then the human who assigned it the issue',
      COPILOT,
      [COPILOT, user('ada')],
      'ada',
    ],
    ['the human first, then Copilot', COPILOT, [user('ada'), COPILOT], 'ada'],
    [
      'Copilot, a [bot] account, then two humans: the first human',
      COPILOT,
      [COPILOT, user('renovate[bot]', 'Bot'), user('grace'), user('ada')],
      'grace',
    ],
    [
      'an agent author without type Bot, known by its login',
      { ...COPILOT, type: undefined },
      [COPILOT, user('ada')],
      'ada',
    ],
    [
      'a Copilot assignee without type, known by its login',
      COPILOT,
      [{ login: 'Copilot' }, user('ada')],
      'ada',
    ],
    [
      'a [bot] author',
      user('devin-ai-integration[bot]', 'Bot'),
      [user('devin-ai-integration[bot]', 'Bot'), user('ada')],
      'ada',
    ],
    ['only Copilot assigned', COPILOT, [COPILOT], null],
    ['no assignee', COPILOT, [], null],
    [
      'a human author: nobody else started it',
      user('ada'),
      [user('grace')],
      null,
    ],
  ])('%s', (_name, author, assignees, expected) => {
    const pr = detail(author, assignees);
    expect(startedBy(pr)).toBe(expected);
    expect(pullRequestEvent(REPO, pr, [], [], []).startedBy).toBe(expected);
  });
});

describe('pullRequestEvent commit times', () => {
  /**
   * A real PR commit (GET /pulls/23/commits of panjf2000/ants, from Apache
   * DevLake's e2e fixtures), trimmed: rebased a day after it was written, so
   * its committer date is later than its author date.
   */
  const rebased = {
    sha: '5bbc9e170bbee27c37bcc30da3da75b4531d1edb',
    commit: {
      author: {
        name: 'Cholerae Hu',
        email: 'choleraehyq@gmail.com',
        date: '2019-01-21T10:57:23Z',
      },
      committer: {
        name: 'Cholerae Hu',
        email: 'choleraehyq@gmail.com',
        date: '2019-01-22T05:09:19Z',
      },
      message:
        'feature: add PanicHandler\n\nSigned-off-by: Cholerae Hu <choleraehyq@gmail.com>',
    },
    author: { login: 'choleraehyq', type: 'User' },
    committer: { login: 'choleraehyq', type: 'User' },
  };

  it('keeps the author date and the committer date apart', () => {
    const pr = detail(user('choleraehyq'), []);
    const written = commit(REPO, {
      sha: 'a'.repeat(40),
      author: 'ada',
      date: '2026-03-02T09:30:00Z',
      message: 'Bump retry limit to 5',
    });
    expect(
      pullRequestEvent(REPO, pr, [written, rebased], [], []).commits,
    ).toEqual([
      {
        sha: '5bbc9e170bbee27c37bcc30da3da75b4531d1edb',
        authoredAt: '2019-01-21T10:57:23.000Z',
        committedAt: '2019-01-22T05:09:19.000Z',
        message:
          'feature: add PanicHandler\n\nSigned-off-by: Cholerae Hu <choleraehyq@gmail.com>',
      },
      {
        sha: 'a'.repeat(40),
        authoredAt: '2026-03-02T09:30:00.000Z',
        committedAt: '2026-03-02T09:30:00.000Z',
        message: 'Bump retry limit to 5',
      },
    ]);
  });

  it('has no committer date when the commit carries none', () => {
    const pr = detail(user('ada'), []);
    const authorOnly = {
      sha: 'b'.repeat(40),
      commit: {
        author: {
          name: 'ada',
          email: 'ada@example.com',
          date: '2026-03-02T09:30:00Z',
        },
        message: 'Bump',
      },
    };
    expect(pullRequestEvent(REPO, pr, [authorOnly], [], []).commits).toEqual([
      {
        sha: 'b'.repeat(40),
        authoredAt: '2026-03-02T09:30:00.000Z',
        committedAt: null,
        message: 'Bump',
      },
    ]);
  });
});

describe('readyForReviewAt', () => {
  it.each([
    ['never a draft: no ready_for_review event', [{ event: 'labeled', created_at: '2026-01-02T10:00:00Z' }], undefined],
    ['marked ready once', [{ event: 'ready_for_review', created_at: '2026-01-02T10:00:00Z' }], '2026-01-02T10:00:00.000Z'],
    [
      'back to draft and ready again: the latest',
      [
        { event: 'ready_for_review', created_at: '2026-01-02T10:00:00Z' },
        { event: 'convert_to_draft', created_at: '2026-01-03T10:00:00Z' },
        { event: 'ready_for_review', created_at: '2026-01-04T09:30:00Z' },
      ],
      '2026-01-04T09:30:00.000Z',
    ],
    ['an empty timeline', [], undefined],
  ])('%s', (_name, timeline, expected) => {
    expect(readyForReviewAt(timeline)).toBe(expected);
  });
});
