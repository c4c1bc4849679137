/*
 * The reads of one pull request the sync makes: its detail with commits,
 * reviews, files and (merged) timeline, and the PR that brought a commit.
 */
import { isGithubRequestError } from '../github/GithubClient';
import { pullRequestEvent } from '../github/mapping';
import type { RepositorySyncContext } from './RepositorySync';

type Json = Record<string, any>;

/** A pull request with all that hangs off it; undefined when GitHub deleted it meanwhile. */
export async function fetchPullRequest(
  ctx: Pick<RepositorySyncContext, 'client' | 'logger'>,
  repository: { owner: string; repo: string },
  fullName: string,
  number: number,
) {
  const params = { ...repository, pull_number: number };
  let detail;
  try {
    detail = await ctx.client.get<Json>(
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      params,
    );
  } catch (error) {
    // Deleted (spam) between listing and fetching.
    if (isGithubRequestError(error) && error.status === 404) {
      ctx.logger.warn(
        `GitHub sync ${fullName}: pull request #${number} is gone`,
      );
      return undefined;
    }
    throw error;
  }
  const pr = detail!.data;
  const commits = await ctx.client.listAll<Json>(
    '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    params,
  );
  const reviews = await ctx.client.listAll<Json>(
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    params,
  );
  const files = await ctx.client.listAll<Json>(
    '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    params,
  );
  // When a draft was marked ready for review (pickup time counts from
  // there). Only merged PRs have a pickup time, so only they pay for it.
  const timeline = pr.merged_at
    ? await ctx.client.listAll<Json>(
        '/repos/{owner}/{repo}/issues/{issue_number}/timeline',
        { ...repository, issue_number: number },
      )
    : [];
  return {
    event: pullRequestEvent(fullName, pr, commits, reviews, files, timeline),
    updatedAt: String(pr.updated_at),
  };
}

/** The PR that brought a root-cause commit: from what was synced, else GitHub. */
export async function pullRequestOfCommit(
  ctx: Pick<RepositorySyncContext, 'client' | 'store'>,
  repositoryKey: string,
  repository: { owner: string; repo: string },
  sha: string,
): Promise<number | undefined> {
  const stored = await ctx.store.findPullRequestByCommit(repositoryKey, sha);
  if (stored !== undefined) {
    return stored;
  }
  try {
    const pulls = await ctx.client.get<Json[]>(
      '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
      { ...repository, commit_sha: sha },
    );
    const list = pulls?.data ?? [];
    const merged = list.find(pr => pr.merged_at) ?? list[0];
    return merged?.number;
  } catch (error) {
    // An unknown or ambiguous short sha.
    if (isGithubRequestError(error) && [404, 409, 422].includes(error.status)) {
      return undefined;
    }
    throw error;
  }
}
