import { DateTime } from 'luxon';
import { median, weekStartOf, WEEK_MS } from './time';

const luxonWeekStart = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'utc' }).startOf('week').toMillis();

describe('weekStartOf', () => {
  it.each([
    [
      'a Monday at midnight',
      '2026-08-03T00:00:00.000Z',
      '2026-08-03T00:00:00.000Z',
    ],
    [
      'the last millisecond of a Sunday',
      '2026-08-09T23:59:59.999Z',
      '2026-08-03T00:00:00.000Z',
    ],
    [
      'a Thursday (the epoch weekday)',
      '1970-01-01T12:00:00.000Z',
      '1969-12-29T00:00:00.000Z',
    ],
    [
      'before the epoch',
      '1969-12-28T23:00:00.000Z',
      '1969-12-22T00:00:00.000Z',
    ],
    ['a leap day', '2024-02-29T08:00:00.000Z', '2024-02-26T00:00:00.000Z'],
    [
      'ISO week 1 starting in the previous year',
      '2026-01-01T00:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
    ],
  ])('%s: %s → %s', (_name, at, expected) => {
    expect(new Date(weekStartOf(Date.parse(at))).toISOString()).toBe(expected);
  });

  it('agrees with luxon on 20,000 instants from 1960 to 2060', () => {
    const from = Date.parse('1960-01-01T00:00:00Z');
    const to = Date.parse('2060-01-01T00:00:00Z');
    // A fixed stride that is not a multiple of an hour, so every weekday and time of day occurs.
    const stride = Math.floor((to - from) / 20000) + 7919;
    const mismatches: string[] = [];
    for (let ms = from; ms < to; ms += stride) {
      if (weekStartOf(ms) !== luxonWeekStart(ms))
        mismatches.push(new Date(ms).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('is idempotent and a multiple of whole weeks from a Monday', () => {
    const monday = Date.parse('2026-08-03T00:00:00Z');
    for (const ms of [monday - 1, monday, monday + 3 * WEEK_MS + 5]) {
      const w = weekStartOf(ms);
      expect(weekStartOf(w)).toBe(w);
      expect(Math.abs((w - monday) % WEEK_MS)).toBe(0);
    }
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1], 2],
    [[100, 300, 800], 300],
    [[10, 2, 33, 4], 7],
    [[-5, 0, 5], 0],
    [[1.5, 1.25, 1.75, 1], 1.375],
  ])('median(%j) = %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
