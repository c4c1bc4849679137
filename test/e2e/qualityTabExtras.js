/*
 * The Quality tab's extras, in the browser (called by quality.e2e.js once the
 * portal runs and the guest is signed in): the "Computed at" line and its
 * Refresh button, the sync-status line, the "Incidents and bugs" card and the
 * CSV exports of the weekly series, the team's services and the overview.
 * Every check compares what the page shows (or downloads) with the API's
 * answer, times formatted by the UI's own formatDateTime (locale.ts) run in
 * the page, so in the browser's locale and time zone.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const components = path.join(root, 'plugins/quality-scorecard/src/components');
const ENTITY = 'payments-api';
const TEAM = 'payments-team';
/** Its incident comes from gitlabHistory.js's issue hooks, with a url. */
const GITLAB_COMPONENT = 'basket-web';

const sleep = ms => new Promise(r => setTimeout(r, ms));

const transpile = file =>
  ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
    },
  }).outputText;

/** The UI's formatDateTime (locale.ts has no imports), evaluated in the page. */
function pageFormatter(page) {
  const source = transpile(path.join(components, 'locale.ts'));
  return iso =>
    page.evaluate(
      ([src, value]) => {
        const module = { exports: {} };
        // eslint-disable-next-line no-new-func
        new Function('exports', 'module', src)(module.exports, module);
        return module.exports.formatDateTime(value);
      },
      [source, iso],
    );
}

/** What SyncStatusLine's describe() says of one source's view (lastFinishedAt formatted already). */
function describeSync(view) {
  if (!view.enabled) return `${view.title}: sync off`;
  if (view.running) {
    const { done, total } = view.running;
    return `${view.title}: syncing${total ? ` (${done} of ${total})` : ''}`;
  }
  if (view.error) return `${view.title}: last sync failed: ${view.error}`;
  if (view.lastFinishedAt)
    return `${view.title}: synced ${view.lastFinishedAt}`;
  return `${view.title}: not synced yet`;
}

/** RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

async function download(page, testId) {
  const button = page.getByTestId(testId);
  await button.waitFor();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    button.click(),
  ]);
  const text = fs.readFileSync(await file.path(), 'utf8');
  return { name: file.suggestedFilename(), text, rows: parseCsv(text) };
}

/** Resolves with the first 200 answer whose URL path ends with `suffix` (query aside). */
function answerTo(page, suffix, method = 'GET') {
  const p = page.waitForResponse(
    r =>
      r.request().method() === method &&
      new URL(r.url()).pathname.endsWith(suffix) &&
      r.status() === 200,
  );
  p.catch(() => {}); // awaited by the caller; a timeout is reported there
  return p;
}

/** A title cell's text: Backstage's Link tells screen readers an external link opens a new window. */
const titleOf = item =>
  item.url ? `${item.title}, Opens in a new window` : item.title;

/**
 * The "Incidents and bugs" card of the open tab against GET /events?type=incident
 * of the card's window: the same incidents, newest first, and a link to each
 * incident's url (none where it has none; `linked`: at least one has).
 */
async function checkEventsCard(o) {
  const { page, api, getJson, check, entityRef, cardResponse, linked } = o;
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  const cardUrl = new URL(cardResponse.url());
  const cardJson = await cardResponse.json();
  const card = page.getByTestId('entity-events');
  const rows = card.locator('tbody tr');
  if (cardJson.items.length) {
    await card.waitFor();
    for (let i = 0; i < 50; i++) {
      if ((await rows.count()) === cardJson.items.length) break;
      await sleep(200);
    }
  }
  const shownRows = await rows.evaluateAll(trs =>
    trs.map(tr => {
      const cells = [...tr.querySelectorAll('td')];
      return {
        type: cells[0]?.textContent.trim(),
        title: cells[1]?.textContent.trim(),
      };
    }),
  );
  const incidents = await getJson(
    `${api}/events/entity/${kind}/${namespace}/${name}?type=incident&from=${encodeURIComponent(
      cardUrl.searchParams.get('from'),
    )}&to=${encodeURIComponent(cardUrl.searchParams.get('to'))}`,
  );
  const shownIncidents = shownRows.filter(r => r.type === 'Incident');
  check(
    `${name}: the Incidents and bugs card lists the ${incidents.items.length} incidents of GET /events?type=incident in its window (first: "${incidents.items[0]?.title}")`,
    incidents.items.length > 0 &&
      !cardJson.more &&
      !incidents.more &&
      shownRows.length === cardJson.items.length &&
      shownIncidents.length === incidents.items.length &&
      shownIncidents[0]?.title === titleOf(incidents.items[0]) &&
      shownIncidents.every((r, i) => r.title === titleOf(incidents.items[i])),
    {
      shown: shownIncidents.length,
      api: incidents.items.length,
      shownFirst: shownIncidents[0]?.title,
      apiFirst: incidents.items[0]?.title,
      window: incidents.window,
    },
  );
  const links = [];
  for (const item of incidents.items) {
    const link = page.getByTestId(`event-link-${item.id}`);
    const count = await link.count();
    links.push({
      id: item.id,
      url: item.url,
      href: count === 1 ? await link.getAttribute('href') : null,
      count,
    });
  }
  const withUrl = links.filter(l => l.url).length;
  check(
    withUrl
      ? `${name}: each of the ${withUrl} incidents with a url links to it (href = url)`
      : `${name}: its ${links.length} incidents have no url and no link`,
    links.length > 0 &&
      (!linked || withUrl > 0) &&
      links.every(l =>
        l.url ? l.count === 1 && l.href === l.url : l.count === 0,
      ),
    links.filter(l => (l.url ? l.href !== l.url : l.count !== 0)).slice(0, 3),
  );
  return card;
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page signed in as guest
 * @param {string} o.base the portal's origin
 * @param {() => Promise<string>} o.guestToken a fresh guest token
 * @param {(name: string, ok: unknown, detail?: unknown) => void} o.check
 * @param {(page: unknown, name: string, element?: unknown) => Promise<void>} [o.screenshot]
 */
async function qualityTabExtras({ page, base, guestToken, check, screenshot }) {
  const api = `${base}/api/quality-scorecard`;
  const getJson = async (url, { allow404 = false } = {}) => {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${await guestToken()}` },
    });
    if (allow404 && res.status === 404) return undefined;
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const formatDateTime = pageFormatter(page);
  const { METRIC_DEFINITIONS } = require(path.join(
    root,
    'plugins/quality-scorecard-common/src/metricDefinitions.ts',
  ));
  const { SYNC_SOURCES, entitySyncView } = require(path.join(
    components,
    'SyncStatus/entitySync.ts',
  ));
  const entityPath = `/entity/component/default/${ENTITY}`;

  // The entity's Quality tab, loaded afresh (28-day window).
  const catalogEntity = await getJson(
    `${base}/api/catalog/entities/by-name/component/default/${ENTITY}`,
  );
  const annotated = SYNC_SOURCES.filter(
    s => catalogEntity.metadata.annotations?.[s.annotation],
  );
  const syncAnswers = annotated.map(s =>
    page
      .waitForResponse(
        r =>
          new URL(r.url()).pathname ===
          `/api/quality-scorecard/${s.id}/sync/status`,
      )
      .catch(() => undefined),
  );
  const tabScorecard = answerTo(page, `/scorecards${entityPath}`);
  const cardEvents = answerTo(page, `/events${entityPath}`);
  await page.goto(`${base}/catalog/default/component/${ENTITY}/quality`);
  await page
    .locator('[data-testid="quality-tab"][data-loading="false"]')
    .waitFor();
  // The tab asked for ?view=summary: the full view of the same window has the series.
  const shownUrl = new URL((await tabScorecard).url());
  shownUrl.searchParams.delete('view');
  const shownScorecard = await getJson(shownUrl.toString());

  // "Computed at": the API's computedAt as the UI formats it.
  const before = await getJson(`${api}/scorecards${entityPath}`);
  const computedAt = page.getByTestId('computed-at');
  const beforeText = (await computedAt.textContent()).trim();
  const beforeExpected = `Computed at ${await formatDateTime(
    before.computedAt,
  )}`;
  check(
    `${ENTITY}: the tab shows "${beforeExpected}", the API's computedAt ${before.computedAt}`,
    Boolean(before.computedAt) &&
      before.computedAt === shownScorecard.computedAt &&
      beforeText === beforeExpected,
    { shown: beforeText, api: before.computedAt },
  );

  // Sync status: one line per annotated source whose module answers (404:
  // not installed, nothing), in SyncStatusLine's words.
  await Promise.all(syncAnswers);
  const statuses = {};
  const syncFinal = [];
  for (const source of annotated) {
    const status = await getJson(`${api}/${source.id}/sync/status`, {
      allow404: true,
    });
    statuses[source.id] = status
      ? { enabled: status.enabled, reason: status.reason }
      : 404;
    const view =
      status &&
      entitySyncView(
        source,
        status,
        catalogEntity,
        `component:default/${ENTITY}`,
      );
    if (!view) continue;
    const lastFinishedAt =
      view.lastFinishedAt && (await formatDateTime(view.lastFinishedAt));
    syncFinal.push(describeSync({ ...view, lastFinishedAt }));
  }
  const syncLines = page.locator(
    '[data-testid^="sync-"]:not([data-testid^="sync-progress-"])',
  );
  if (syncFinal.length) await syncLines.first().waitFor();
  else await sleep(500); // the line renders once every source has answered
  const shownSync = (await syncLines.allTextContents()).map(t => t.trim());
  check(
    `${ENTITY}: the sync-status line says ${
      syncFinal.length ? JSON.stringify(syncFinal) : 'nothing'
    }, as GET /<source>/sync/status of its annotated sources (${annotated
      .map(s => s.id)
      .join(', ')}) implies`,
    JSON.stringify(shownSync) === JSON.stringify(syncFinal),
    { shown: shownSync, expected: syncFinal, statuses },
  );

  // Incidents and bugs: the demo's incidents have no url (no link).
  const card = await checkEventsCard({
    page,
    api,
    getJson,
    check,
    entityRef: `component:default/${ENTITY}`,
    cardResponse: await cardEvents,
  });
  if (screenshot) {
    await screenshot(page, '7-incidents-and-bugs', card);
  }

  // The weekly series CSV: the rows of the scorecard the tab shows.
  const weekly = await download(page, `csv-export-${ENTITY}-weekly-series.csv`);
  const byId = new Map(shownScorecard.metrics.map(m => [m.id, m]));
  const expectedWeekly = METRIC_DEFINITIONS.flatMap(d =>
    (byId.get(d.id)?.series ?? []).map(p => [
      d.id,
      d.unit,
      p.start.slice(0, 10),
      p.value === null || p.value === undefined ? '' : String(p.value),
      String(p.n),
    ]),
  );
  // The tab shows each metric as a tile, the PR flow parts in their card.
  const tiles = await page
    .locator('[data-testid^="metric-tile-"], [data-testid^="flow-part-"]')
    .evaluateAll(els =>
      els.map(e =>
        e.getAttribute('data-testid').replace(/^(metric-tile|flow-part)-/, ''),
      ),
    );
  const withSeries = shownScorecard.metrics
    .filter(m => m.series?.length)
    .map(m => m.id);
  const csvMetrics = [...new Set(weekly.rows.slice(1).map(r => r[0]))];
  check(
    `${ENTITY}: the weekly series CSV downloads with header metric,unit,week_start,value,n and the ${expectedWeekly.length} weekly rows of the tab's scorecard`,
    weekly.name === `${ENTITY}-weekly-series.csv` &&
      weekly.text.endsWith('\r\n') &&
      JSON.stringify(weekly.rows[0]) ===
        JSON.stringify(['metric', 'unit', 'week_start', 'value', 'n']) &&
      weekly.rows.length - 1 === expectedWeekly.length &&
      expectedWeekly.length > 0 &&
      JSON.stringify(weekly.rows.slice(1)) === JSON.stringify(expectedWeekly) &&
      JSON.stringify([...csvMetrics].sort()) ===
        JSON.stringify([...withSeries].sort()) &&
      csvMetrics.every(id => tiles.includes(id)),
    {
      file: weekly.name,
      header: weekly.rows[0],
      rows: weekly.rows.length - 1,
      expected: expectedWeekly.length,
      notTiles: csvMetrics.filter(id => !tiles.includes(id)),
    },
  );

  // Refresh: visible for the guest (platform-team may refresh); it POSTs
  // .../refresh and the line then shows the later computedAt.
  const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
  check(
    `${ENTITY}: the Refresh button is shown to the guest`,
    await refresh.isVisible(),
  );
  // The line shows minutes: wait for a minute the old time does not show.
  for (let i = 0; i < 65; i++) {
    if (
      (await formatDateTime(new Date().toISOString())) !==
      (await formatDateTime(before.computedAt))
    )
      break;
    await sleep(1000);
  }
  const posted = answerTo(page, `/scorecards${entityPath}/refresh`, 'POST');
  let refreshed = false;
  posted.then(() => {
    refreshed = true;
  });
  // The tab reloads the scorecard once the refresh has answered.
  const reloaded = page.waitForResponse(
    r =>
      refreshed &&
      new URL(r.url()).pathname.endsWith(`/scorecards${entityPath}`) &&
      r.request().method() === 'GET' &&
      r.status() === 200,
  );
  reloaded.catch(() => {});
  await refresh.click();
  const postResponse = await posted;
  await reloaded;
  for (let i = 0; i < 100; i++) {
    if ((await computedAt.textContent()).trim() !== beforeText) break;
    await sleep(200);
  }
  const after = await getJson(`${api}/scorecards${entityPath}`);
  const afterText = (await computedAt.textContent()).trim();
  const afterExpected = `Computed at ${await formatDateTime(after.computedAt)}`;
  check(
    `${ENTITY}: Refresh POSTs .../refresh and the line changes to the later computedAt "${afterExpected}"`,
    postResponse.request().method() === 'POST' &&
      Date.parse(after.computedAt) > Date.parse(before.computedAt) &&
      afterText === afterExpected &&
      afterText !== beforeText,
    {
      post: postResponse.url(),
      before: before.computedAt,
      after: after.computedAt,
      shownBefore: beforeText,
      shownAfter: afterText,
    },
  );
  if (screenshot) {
    await screenshot(page, '7-quality-tab-header', computedAt.locator('..'));
  }

  // The team page's services CSV: a row per service of the breakdown API.
  const breakdownAnswer = answerTo(
    page,
    `/scorecards/owner/group/default/${TEAM}/breakdown`,
  );
  await page.goto(`${base}/catalog/default/group/${TEAM}/quality`);
  await page.getByTestId('team-breakdown').waitFor();
  const breakdownUrl = new URL((await breakdownAnswer).url());
  const breakdown = await getJson(
    `${api}/scorecards/owner/group/default/${TEAM}/breakdown${breakdownUrl.search}`,
  );
  const services = await download(page, 'csv-export-team-services.csv');
  const header = rowsList => {
    const present = new Set(rowsList.flatMap(r => r.metrics.map(m => m.id)));
    return [
      'entity_ref',
      'title',
      'entities',
      ...METRIC_DEFINITIONS.map(d => d.id).filter(id => present.has(id)),
      'ai_policy_applicable',
      'ai_policy_compliant',
    ];
  };
  const sorted = list => [...list].sort();
  check(
    `${TEAM}: the services CSV has the header and one row per service of GET .../breakdown (${breakdown.entities.length})`,
    services.name === 'team-services.csv' &&
      breakdown.entities.length > 0 &&
      JSON.stringify(services.rows[0]) ===
        JSON.stringify(header(breakdown.entities)) &&
      services.rows.length - 1 === breakdown.entities.length &&
      JSON.stringify(sorted(services.rows.slice(1).map(r => r[0]))) ===
        JSON.stringify(sorted(breakdown.entities.map(e => e.entityRef))),
    {
      rows: services.rows.length - 1,
      api: breakdown.entities.length,
      header: services.rows[0],
      refs: services.rows.slice(1).map(r => r[0]),
    },
  );

  // The GitLab component's incident came from a GitLab issue hook: linked.
  const gitlabEvents = answerTo(
    page,
    `/events/entity/component/default/${GITLAB_COMPONENT}`,
  );
  await page.goto(
    `${base}/catalog/default/component/${GITLAB_COMPONENT}/quality`,
  );
  await page
    .locator('[data-testid="quality-tab"][data-loading="false"]')
    .waitFor();
  await checkEventsCard({
    page,
    api,
    getJson,
    check,
    entityRef: `component:default/${GITLAB_COMPONENT}`,
    cardResponse: await gitlabEvents,
    linked: true,
  });

  // The overview's groups CSV: a row per group of GET /overview.
  const overviewAnswer = answerTo(page, '/api/quality-scorecard/overview');
  await page.goto(`${base}/quality`);
  await page.getByTestId('headline-table-Groups').waitFor();
  const overviewUrl = new URL((await overviewAnswer).url());
  const overview = await getJson(`${api}/overview${overviewUrl.search}`);
  const groups = await download(page, 'csv-export-quality-overview.csv');
  check(
    `the overview's CSV has the header and one row per group of GET /overview (${overview.groups.length})`,
    groups.name === 'quality-overview.csv' &&
      overview.groups.length > 0 &&
      JSON.stringify(groups.rows[0]) ===
        JSON.stringify(header(overview.groups)) &&
      groups.rows.length - 1 === overview.groups.length &&
      JSON.stringify(sorted(groups.rows.slice(1).map(r => r[0]))) ===
        JSON.stringify(sorted(overview.groups.map(g => g.entityRef))),
    {
      rows: groups.rows.length - 1,
      api: overview.groups.length,
      header: groups.rows[0],
    },
  );
}

module.exports = { qualityTabExtras, parseCsv };
