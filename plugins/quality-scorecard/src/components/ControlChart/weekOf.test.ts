import { formatShortWeek } from '../format';
import { weekOf } from './weekOf';

describe('chart dates in the reader’s locale', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    // [locale, axis tick, tooltip title]
    ['en-US', 'Nov 16', 'Week of Nov 16, 2026'],
    ['de-DE', '16. Nov.', 'Week of 16.11.2026'],
  ])('%s: %p, %p', (locale, tick, title) => {
    jest.spyOn(window.navigator, 'language', 'get').mockReturnValue(locale);
    expect(formatShortWeek('2026-11-16')).toBe(tick);
    expect(weekOf('2026-11-16')).toBe(title);
  });

  it('leaves a label that is not a week as it is', () => {
    expect(weekOf(3)).toBe('3');
    expect(weekOf(undefined)).toBe('');
  });
});
