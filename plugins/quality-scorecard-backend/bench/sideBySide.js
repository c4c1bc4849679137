/*
 * The side-by-side section of `yarn bench --db both`: each headline figure of
 * the scorecard bench on SQLite and on PostgreSQL, and their ratio
 * (PostgreSQL ÷ SQLite; above 1 means more events/s, or more seconds, ms or
 * MB, on PostgreSQL). A figure a run did not measure is null.
 */

const FIGURES = [
  ['ingest events/s, store', r => r.ingest?.store?.eventsPerSecond],
  ['ingest events/s, raw batched insert', r => r.ingest?.raw?.eventsPerSecond],
  ['ingest store ÷ raw', r => r.ingest?.storeVsRaw],
  [
    'ingest events/s, 1 client',
    r => r.ingest?.concurrency?.clients1?.eventsPerSecond,
  ],
  [
    'ingest events/s, 4 clients',
    r => r.ingest?.concurrency?.clients4?.eventsPerSecond,
  ],
  ['full recompute s', r => r.recompute?.full?.seconds],
  [
    'full recompute s, one instance (again)',
    r => r.recompute?.shared?.oneInstance?.seconds,
  ],
  [
    'full recompute s, two instances at once',
    r => r.recompute?.shared?.twoInstances?.seconds,
  ],
  ['incremental recompute s', r => r.recompute?.incremental?.seconds],
  ['entity read p95 ms (whole body)', r => r.reads?.entityScorecard?.p95Ms],
  [
    'catalog by-name read p95 ms (whole body)',
    r => r.reads?.catalogByName?.p95Ms,
  ],
  [
    'entity read p95 ms (response headers)',
    r => r.reads?.toResponseHeaders?.entityScorecard?.p95Ms,
  ],
  [
    'catalog by-name read p95 ms (response headers)',
    r => r.reads?.toResponseHeaders?.catalogByName?.p95Ms,
  ],
  [
    'entity summary read p95 ms (whole body)',
    r => r.reads?.entitySummary?.p95Ms,
  ],
  [
    'catalog by-name read p95 ms beside the summary reads',
    r => r.reads?.catalogByNameBesideSummary?.p95Ms,
  ],
  ['overview of all groups p95 ms', r => r.reads?.overview?.p95Ms],
  ['owner roll-up p95 ms', r => r.reads?.ownerRollup?.p95Ms],
  [
    'owner roll-up p95 ms, owner-scoped',
    r => r.reads?.ownerRollupOwnerScoped?.p95Ms,
  ],
  ['backend peak RSS MB', r => r.rss?.backendPeakMb],
  ['plugin share of backend RSS MB (peak)', r => r.rss?.pluginShareMb?.peak],
  ['database size MB', r => r.size?.pluginDatabaseMb],
];

const value = v => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function sideBySide(sqlite, postgres) {
  const figures = FIGURES.map(([figure, get]) => {
    const s = value(get(sqlite));
    const p = value(get(postgres));
    return {
      figure,
      sqlite: s,
      postgres: p,
      postgresVsSqlite: s && p !== null ? Number((p / s).toFixed(2)) : null,
    };
  });
  return {
    postgres: postgres.postgres
      ? {
          serverVersion: postgres.postgres.serverVersion,
          synchronousCommit: postgres.postgres.synchronousCommit,
        }
      : null,
    figures,
  };
}

module.exports = { sideBySide };
