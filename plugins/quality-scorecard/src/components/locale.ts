/*
 * Dates and numbers in the reader's language: the browser's, which jsdom
 * answers as en-US so that tests read the same everywhere.
 */

/** The browser's locale; undefined (the runtime's) where there is no navigator. */
export function userLocale(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/** A time as date and time of day in the reader's locale and time zone. */
export function formatDateTime(
  iso: string,
  locale: string | undefined = userLocale(),
): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A count in the reader's locale (digit grouping). */
export function formatCount(
  value: number,
  locale: string | undefined = userLocale(),
): string {
  return new Intl.NumberFormat(locale).format(value);
}
