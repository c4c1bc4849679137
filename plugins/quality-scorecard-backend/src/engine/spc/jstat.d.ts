/** jstat ships no types; the tests use it as an independent reference for quantiles. */
declare module 'jstat';
