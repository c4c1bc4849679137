/**
 * A fake GitLab serving the payments history (gitlabHistory.ts) with pages
 * of two, started before and stopped after each test of the calling suite.
 */
import { FakeGitlab } from './FakeGitlab';
import { dayZero, PaymentsHistory, paymentsHistory } from './gitlabHistory';

export interface PaymentsFixture {
  gitlab: FakeGitlab;
  /** Midnight UTC ten days ago: day 0 of the history. */
  d0: number;
  history: PaymentsHistory;
}

export function usePaymentsGitlab(): PaymentsFixture {
  const fixture = {} as PaymentsFixture;
  beforeEach(async () => {
    fixture.gitlab = new FakeGitlab();
    // Small pages, so that every list paginates.
    fixture.gitlab.maxPerPage = 2;
    await fixture.gitlab.start();
    fixture.d0 = dayZero();
    fixture.history = paymentsHistory(fixture.d0, fixture.gitlab.baseUrl);
    fixture.history.install(fixture.gitlab);
  });
  afterEach(async () => {
    await fixture.gitlab.stop();
  });
  return fixture;
}

/**
 * The requests the fake saw: status and path, with a list's `updated_after`
 * and page, or a page number where gitbeaker followed `Link`.
 */
export function requestLog(gitlab: FakeGitlab) {
  return gitlab.requests.map(r =>
    r.query.updated_after
      ? [r.status, r.path, r.query.updated_after, Number(r.query.page)]
      : [r.status, r.path, ...(r.query.page ? [Number(r.query.page)] : [])],
  );
}
