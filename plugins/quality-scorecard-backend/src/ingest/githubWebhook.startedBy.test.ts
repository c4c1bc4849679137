import type { PullRequestEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { QualityStore } from '../database/QualityStore';
import { mapGithubDelivery, startedByFromPayload } from './githubWebhook';

type Json = Record<string, any>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples: Array<{
  name: string;
  examples: Json[];
}> = require('@octokit/webhooks-examples');

const example = (name: string, action: string, withAssignees: boolean) =>
  examples
    .find(e => e.name === name)!
    .examples.find(
      e =>
        e.action === action &&
        e.pull_request?.assignees?.length > 0 === withAssignees,
    )!;

/**
 * The user object GitHub sends for Copilot's coding agent: the login
 * `Copilot`, a Bot, whose commits use 198982749+Copilot@users.noreply.github.com.
 */
const COPILOT: Json = {
  login: 'Copilot',
  id: 198982749,
  node_id: 'BOT_kgDOC9w8XQ',
  avatar_url: 'https://avatars.githubusercontent.com/in/1143301?v=4',
  gravatar_id: '',
  url: 'https://api.github.com/users/Copilot',
  html_url: 'https://github.com/apps/copilot-swe-agent',
  type: 'Bot',
  site_admin: false,
};

const person = (login: string, id: number): Json => ({
  login,
  id,
  node_id: `MDQ6VXNlcj${id}`,
  url: `https://api.github.com/users/${login}`,
  html_url: `https://github.com/${login}`,
  type: 'User',
  site_admin: false,
});
const bot = (login: string, id: number): Json => ({
  ...person(login, id),
  html_url: `https://github.com/apps/${login.replace('[bot]', '')}`,
  type: 'Bot',
});

const ADA = person('ada', 101);
const GRACE = person('grace', 102);

/** The "opened" pull_request example (Codertocat/Hello-World#2), re-authored and re-assigned. */
function openedPayload(user: Json, assignees: Json[]): Json {
  const payload = structuredClone(example('pull_request', 'opened', true));
  payload.pull_request.user = user;
  payload.pull_request.assignee = assignees[0] ?? null;
  payload.pull_request.assignees = assignees;
  return payload;
}

describe('startedByFromPayload', () => {
  it.each([
    [
      'Copilot first, then the human who assigned it the issue',
      COPILOT,
      [COPILOT, ADA],
      'ada',
    ],
    ['the human first, then Copilot', COPILOT, [ADA, COPILOT], 'ada'],
    [
      'Copilot, a [bot] account, then two humans: the first human',
      COPILOT,
      [COPILOT, bot('renovate[bot]', 7), GRACE, ADA],
      'grace',
    ],
    [
      'an agent author without type Bot, known by its login',
      { ...COPILOT, type: undefined },
      [COPILOT, ADA],
      'ada',
    ],
    [
      'a Copilot assignee without type, known by its login',
      COPILOT,
      [{ login: 'Copilot' }, ADA],
      'ada',
    ],
    [
      'a [bot] author without type',
      { login: 'devin-ai-integration[bot]' },
      [{ login: 'devin-ai-integration[bot]' }, ADA],
      'ada',
    ],
    ['only Copilot assigned', COPILOT, [COPILOT], undefined],
    ['no assignee', COPILOT, [], undefined],
    ['a human author: nobody else started it', ADA, [GRACE], undefined],
  ])('%s', (_name, user, assignees, expected) => {
    expect(
      startedByFromPayload(openedPayload(user, assignees).pull_request),
    ).toBe(expected);
  });
});

/** A store that holds one PR and no push commits. */
function storeWith(existing?: PullRequestEvent): QualityStore {
  return {
    getPullRequest: async () => existing,
    listPushCommits: async () => [],
  } as unknown as QualityStore;
}

describe('mapGithubDelivery: startedBy of an agent PR', () => {
  it('is the first human assignee of an opened Copilot PR', async () => {
    const [event] = await mapGithubDelivery(
      'pull_request',
      openedPayload(COPILOT, [COPILOT, ADA]),
      storeWith(),
    );
    expect(event).toMatchObject({
      type: 'pull_request',
      id: 'codertocat/hello-world#2',
      author: 'Copilot',
      startedBy: 'ada',
    });
  });

  it('keeps the stored starter when a later delivery lists only Copilot', async () => {
    const [first] = await mapGithubDelivery(
      'pull_request',
      openedPayload(COPILOT, [COPILOT, ADA]),
      storeWith(),
    );
    const [later] = await mapGithubDelivery(
      'pull_request',
      openedPayload(COPILOT, [COPILOT]),
      storeWith(first as PullRequestEvent),
    );
    expect((later as PullRequestEvent).startedBy).toBe('ada');
  });

  it('is null for a PR a human opened, whoever is assigned', async () => {
    const payload = example('pull_request', 'opened', true);
    expect(payload.pull_request.user).toMatchObject({
      login: 'Codertocat',
      type: 'User',
    });
    expect(payload.pull_request.assignees).toMatchObject([
      { login: 'Codertocat', type: 'User' },
    ]);
    const [event] = await mapGithubDelivery(
      'pull_request',
      payload,
      storeWith(),
    );
    expect((event as PullRequestEvent).startedBy).toBeNull();
  });

  it('reads review payloads the same way', async () => {
    const payload = structuredClone(
      examples.find(e => e.name === 'pull_request_review')!.examples[0],
    );
    payload.pull_request.user = COPILOT;
    payload.pull_request.assignees = [COPILOT, GRACE];
    const [event] = await mapGithubDelivery(
      'pull_request_review',
      payload,
      storeWith(),
    );
    expect((event as PullRequestEvent).startedBy).toBe('grace');
  });
});

describe('mapGithubDelivery: push commit times', () => {
  it("takes a push commit's one timestamp as its author and committer time", async () => {
    const payload = examples
      .find(e => e.name === 'push')!
      .examples.find(e => e.commits.length === 1)!;
    expect(payload.commits[0]).toMatchObject({
      id: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      timestamp: '2019-05-15T15:19:25Z',
    });
    const open = {
      type: 'pull_request',
      id: 'codertocat/hello-world#2',
      commits: [],
    } as unknown as PullRequestEvent;
    const added: unknown[] = [];
    const store = {
      addPushCommits: async (
        _repo: string,
        _ref: string,
        commits: unknown[],
      ) => {
        added.push(...commits);
      },
      findOpenPullRequestsByHeadRef: async () => [open],
    } as unknown as QualityStore;
    const [event] = await mapGithubDelivery('push', payload, store);
    const commit = {
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      authoredAt: '2019-05-15T15:19:25.000Z',
      committedAt: '2019-05-15T15:19:25.000Z',
      message: 'Initial commit',
    };
    expect((event as PullRequestEvent).commits).toEqual([commit]);
    expect(added).toEqual([commit]);
  });
});
