/*
 * A small GitLab history for the browser test, as the webhook deliveries
 * GitLab sends (docs.gitlab.com, "Webhook events"): only fields the hooks
 * really carry, in GitLab's own time formats (ISO-8601 with `Z` or an offset,
 * `2026-03-02 10:00:00 UTC` and `2026-03-02 10:00:00 +0000` all occur).
 *
 * The story, in the week before the current one (a complete week, inside the
 * Quality tab's default 28-day window), from T = that week's Monday 09:00 UTC:
 *
 *   !1 "Express checkout" by margaret, AI-assisted (Claude co-author trailer):
 *     T+0h commit pushed · T+1h opened · T+2h commented and T+3h approved by
 *     linus · T+4h merged by linus · T+6h deployment 101 to production.
 *   !2 "Round coupon discounts" by margaret, AI-assisted:
 *     T+24h commit pushed · T+25h opened · T+26h approved by margaret herself ·
 *     T+27h merged by margaret · T+28h deployment 102 to production.
 *   Incident #7 opened at T+30h (after deployment 102), closed at T+32h.
 *
 * What the scorecard must show (hand-computed; `expected` below):
 *   Lead time for changes, per deployed MR, first commit → production deploy:
 *     !1 09:00 Mon → 15:00 Mon = 6 h = 21,600 s; !2 09:00 Tue → 13:00 Tue = 4 h = 14,400 s;
 *     median of the two = (21,600 + 14,400) / 2 = 18,000 s = 5 h.
 *   Change failure rate: the incident (T+30h) follows deployment 102 (T+28h),
 *     the last production deployment before it; 101 has none: 1 of 2 = 50%.
 *   AI policy compliance: both MRs carry the trailer, so both fall under the
 *     `ai-review` policy (independent human approval, no self-merge, approval
 *     after the last commit); !1 passes every rule, !2 (self-approved,
 *     self-merged) fails two: 1 of 2 = 50%.
 *   Time to restore: incident open T+30h → closed T+32h = 7,200 s.
 */
const crypto = require('crypto');

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const AI_TRAILER = 'Co-authored-by: Claude <noreply@anthropic.com>';

/** Monday 00:00 UTC of the week of `ms` (the scorecard's weeks start on Monday, UTC). */
function weekStart(ms) {
  const day = Math.floor(ms / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY;
}

const pad = n => String(n).padStart(2, '0');
/** `2026-03-02T10:00:00Z` */
const isoZ = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** `2026-03-02T10:00:00+00:00` (push commits) */
const isoOffset = ms => isoZ(ms).replace(/Z$/, '+00:00');
/** `2026-03-02 10:00:00 UTC` (GitLab's older hook format) */
const utc = ms => `${isoZ(ms).slice(0, 10)} ${isoZ(ms).slice(11, 19)} UTC`;
/** `2026-03-02 10:00:00 +0000` (deployment hooks) */
const plusZero = ms =>
  `${isoZ(ms).slice(0, 10)} ${isoZ(ms).slice(11, 19)} +0000`;

/** A 40-hex commit sha, stable for a label. */
const sha = label =>
  crypto.createHash('sha1').update(`shewhart-e2e:${label}`).digest('hex');

/**
 * The deliveries, in the order GitLab would send them, each with the number
 * of events the module must map it to, and the scorecard values they imply.
 */
function gitlabHistory({
  now = Date.now(),
  host = 'gitlab.example.com',
  path = 'shewhart-demo/shop/basket-web',
} = {}) {
  const T = weekStart(now) - WEEK + 9 * HOUR;
  const at = hours => T + hours * HOUR;
  const webUrl = `https://${host}/${path}`;
  const projectId = 4711;
  const project = () => ({
    id: projectId,
    name: path.split('/').pop(),
    description: 'The basket of the web shop',
    web_url: webUrl,
    avatar_url: null,
    git_ssh_url: `git@${host}:${path}.git`,
    git_http_url: `${webUrl}.git`,
    namespace: 'shop',
    visibility_level: 0,
    path_with_namespace: path,
    default_branch: 'main',
    ci_config_path: null,
    homepage: webUrl,
    url: `git@${host}:${path}.git`,
    ssh_url: `git@${host}:${path}.git`,
    http_url: `${webUrl}.git`,
  });
  const repository = () => ({
    name: path.split('/').pop(),
    url: `git@${host}:${path}.git`,
    description: 'The basket of the web shop',
    homepage: webUrl,
  });
  const users = {
    margaret: {
      id: 11,
      name: 'Margaret Hamilton',
      username: 'margaret',
      email: 'margaret@example.com',
    },
    linus: {
      id: 12,
      name: 'Linus Torvalds',
      username: 'linus',
      email: 'linus@example.com',
    },
  };
  const user = u => ({ ...u, avatar_url: null });

  const pushHook = (branch, author, commits) => ({
    object_kind: 'push',
    event_name: 'push',
    before: '0000000000000000000000000000000000000000',
    after: commits[commits.length - 1].id,
    ref: `refs/heads/${branch}`,
    ref_protected: false,
    checkout_sha: commits[commits.length - 1].id,
    message: null,
    user_id: author.id,
    user_name: author.name,
    user_username: author.username,
    user_email: '',
    user_avatar: null,
    project_id: projectId,
    project: project(),
    commits: commits.map(c => ({
      id: c.id,
      message: c.message,
      title: c.message.split('\n')[0],
      timestamp: isoOffset(c.at),
      url: `${webUrl}/-/commit/${c.id}`,
      author: { name: author.name, email: author.email },
      added: [],
      modified: ['src/basket.ts'],
      removed: [],
    })),
    total_commits_count: commits.length,
    repository: repository(),
  });

  const mergeRequestHook = (mr, actor, attrs) => {
    const objectAttributes = {
      id: 90000 + mr.iid,
      iid: mr.iid,
      target_branch: 'main',
      source_branch: mr.branch,
      source_project_id: projectId,
      target_project_id: projectId,
      author_id: mr.author.id,
      assignee_id: null,
      assignee_ids: [],
      reviewer_ids: [],
      title: mr.title,
      created_at: isoZ(mr.createdAt),
      updated_at: isoZ(attrs.updatedAt),
      last_edited_at: null,
      milestone_id: null,
      state: attrs.state,
      merge_status: 'can_be_merged',
      detailed_merge_status: 'mergeable',
      description: mr.description,
      merge_commit_sha: attrs.mergeCommitSha ?? null,
      squash_commit_sha: null,
      merge_user_id: attrs.mergeUser ? attrs.mergeUser.id : null,
      merge_when_pipeline_succeeds: false,
      url: `${webUrl}/-/merge_requests/${mr.iid}`,
      source: project(),
      target: project(),
      last_commit: {
        id: mr.commit.id,
        message: mr.commit.message,
        title: mr.commit.message.split('\n')[0],
        timestamp: isoOffset(mr.commit.at),
        url: `${webUrl}/-/commit/${mr.commit.id}`,
        author: { name: mr.author.name, email: mr.author.email },
      },
      work_in_progress: false,
      draft: false,
      labels: [],
      action: attrs.action,
    };
    return {
      object_kind: 'merge_request',
      event_type: 'merge_request',
      user: user(actor),
      project: project(),
      object_attributes: objectAttributes,
      labels: [],
      changes: attrs.changes ?? {},
      repository: repository(),
    };
  };

  const noteHook = (mr, actor, note, createdAt) => ({
    object_kind: 'note',
    event_type: 'note',
    user: user(actor),
    project_id: projectId,
    project: project(),
    object_attributes: {
      id: 70001,
      note,
      noteable_type: 'MergeRequest',
      author_id: actor.id,
      created_at: utc(createdAt),
      updated_at: utc(createdAt),
      project_id: projectId,
      attachment: null,
      line_code: null,
      commit_id: '',
      noteable_id: 90000 + mr.iid,
      system: false,
      st_diff: null,
      action: 'create',
      url: `${webUrl}/-/merge_requests/${mr.iid}#note_70001`,
    },
    repository: repository(),
    merge_request: mergeRequestHook(mr, mr.author, {
      state: 'opened',
      updatedAt: createdAt,
    }).object_attributes,
  });

  const deploymentHook = (id, finishedAt, commit, actor) => ({
    object_kind: 'deployment',
    status: 'success',
    status_changed_at: plusZero(finishedAt),
    deployment_id: id,
    deployable_id: 8000 + id,
    deployable_url: `${webUrl}/-/jobs/${8000 + id}`,
    environment: 'production',
    environment_tier: 'production',
    environment_slug: 'production',
    environment_external_url: 'https://shop.example.com',
    project: project(),
    short_sha: commit.slice(0, 8),
    user: user(actor),
    user_url: `https://${host}/${actor.username}`,
    commit_url: `${webUrl}/-/commit/${commit}`,
    commit_title: 'Deploy to production',
  });

  const issueHook = (issue, actor, attrs) => ({
    object_kind: 'issue',
    event_type: 'issue',
    user: user(actor),
    project: project(),
    object_attributes: {
      id: 60000 + issue.iid,
      iid: issue.iid,
      title: issue.title,
      description: issue.description,
      author_id: actor.id,
      project_id: projectId,
      created_at: isoZ(issue.createdAt),
      updated_at: isoZ(attrs.updatedAt),
      closed_at: attrs.closedAt ? isoZ(attrs.closedAt) : null,
      state: attrs.state,
      confidential: false,
      issue_type: 'incident',
      type: 'Incident',
      severity: 'high',
      labels: [],
      url: `${webUrl}/-/issues/${issue.iid}`,
      action: attrs.action,
    },
    labels: [],
    repository: repository(),
  });

  const { margaret, linus } = users;
  const mr1 = {
    iid: 1,
    title: 'Express checkout from the basket',
    description: 'Adds a one-click checkout button to the basket.',
    author: margaret,
    branch: 'feature/express-checkout',
    createdAt: at(1),
    commit: {
      id: sha('mr1-commit'),
      message: `Add express checkout\n\n${AI_TRAILER}`,
      at: at(0),
    },
    mergeCommit: sha('mr1-merge'),
  };
  const mr2 = {
    iid: 2,
    title: 'Round coupon discounts',
    description: 'Rounds coupon discounts to whole cents.',
    author: margaret,
    branch: 'fix/coupon-rounding',
    createdAt: at(25),
    commit: {
      id: sha('mr2-commit'),
      message: `Round coupon discounts to cents\n\n${AI_TRAILER}`,
      at: at(24),
    },
    mergeCommit: sha('mr2-merge'),
  };
  const incident = {
    iid: 7,
    title: 'Checkout totals off by a cent',
    description: 'Customers see totals one cent higher than the basket.',
    createdAt: at(30),
  };

  // [X-Gitlab-Event, body, events it maps to]
  const deliveries = [
    // A push to a branch without an open MR is kept for the MR: no event yet.
    [
      'Push Hook',
      pushHook(mr1.branch, margaret, [mr1.commit]),
      0,
      '!1 commit pushed',
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(mr1, margaret, {
        action: 'open',
        state: 'opened',
        updatedAt: at(1),
      }),
      1,
      '!1 opened',
    ],
    [
      'Note Hook',
      noteHook(mr1, linus, 'Looks good; one nit on the button label.', at(2)),
      1,
      '!1 commented by linus',
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(mr1, linus, {
        action: 'approval',
        state: 'opened',
        updatedAt: at(3),
      }),
      1,
      '!1 approved by linus',
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(mr1, linus, {
        action: 'merge',
        state: 'merged',
        updatedAt: at(4),
        mergeCommitSha: mr1.mergeCommit,
        mergeUser: linus,
      }),
      1,
      '!1 merged by linus',
    ],
    [
      'Deployment Hook',
      deploymentHook(101, at(6), mr1.mergeCommit, linus),
      1,
      'deployment 101 of !1',
    ],
    [
      'Push Hook',
      pushHook(mr2.branch, margaret, [mr2.commit]),
      0,
      '!2 commit pushed',
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(mr2, margaret, {
        action: 'open',
        state: 'opened',
        updatedAt: at(25),
      }),
      1,
      '!2 opened',
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(mr2, margaret, {
        action: 'approval',
        state: 'opened',
        updatedAt: at(26),
      }),
      1,
      '!2 approved by its author',
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(mr2, margaret, {
        action: 'merge',
        state: 'merged',
        updatedAt: at(27),
        mergeCommitSha: mr2.mergeCommit,
        mergeUser: margaret,
      }),
      1,
      '!2 merged by its author',
    ],
    [
      'Deployment Hook',
      deploymentHook(102, at(28), mr2.mergeCommit, margaret),
      1,
      'deployment 102 of !2',
    ],
    [
      'Issue Hook',
      issueHook(incident, linus, {
        action: 'open',
        state: 'opened',
        updatedAt: at(30),
      }),
      1,
      'incident #7 opened',
    ],
    [
      'Issue Hook',
      issueHook(incident, linus, {
        action: 'close',
        state: 'closed',
        updatedAt: at(32),
        closedAt: at(32),
      }),
      1,
      'incident #7 closed',
    ],
  ].map(([event, body, events, what]) => ({ event, body, events, what }));

  return {
    start: T,
    deliveries,
    expected: {
      // median(6 h, 4 h) = 5 h
      leadTimeSeconds: (6 * HOUR + 4 * HOUR) / 2 / 1000,
      leadTimeN: 2,
      changeFailureRate: { value: 0.5, numerator: 1, denominator: 2 },
      aiPolicy: { applicable: 2, compliant: 1, rate: 0.5, violating: [2] },
      timeToRestoreSeconds: (2 * HOUR) / 1000,
    },
  };
}

module.exports = { gitlabHistory, weekStart };
