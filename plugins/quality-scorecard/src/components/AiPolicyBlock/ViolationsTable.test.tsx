import { changeNumber } from './ViolationsTable';

describe('changeNumber', () => {
  it.each([
    ['https://github.com/acme/payments/pull/12', '#12'],
    [
      'https://gitlab.example.com/acme/platform/payments/-/merge_requests/12',
      '!12',
    ],
    ['https://gitlab.com/acme/payments/-/merge_requests/7#note_1', '!7'],
    ['https://example.com/merge_requests/12', '#12'],
    ['', '#12'],
  ])('%p → %p', (url, expected) => {
    expect(changeNumber({ pullRequest: Number(expected.slice(1)), url })).toBe(
      expected,
    );
  });
});
