/*
 * Campaigns in the browser (called by quality.e2e.js once the portal runs and
 * the guest is signed in): the campaign card on payments-api's Quality tab
 * and each campaign's burn-up chart, owners and CSV exports on the overview,
 * against GET /api/quality-scorecard/campaigns[...]. The demo data holds the
 * campaign bronze-for-everyone (always half-way); app-config adds a scheduled
 * one. Words, dates and counts are written by the UI's own campaignFormat.ts
 * run in the page (so in the browser's locale); the chart's points by its
 * burnUp.ts.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { parseCsv } = require('./qualityTabExtras');

const root = path.resolve(__dirname, '../..');
const components = path.join(root, 'plugins/quality-scorecard/src/components');
const ENTITY = 'payments-api';
const DEMO_CAMPAIGN = 'bronze-for-everyone';
const LEGEND = ['Target line', 'Meeting or exempted', 'Meeting the target'];
const DAY_MS = 86_400_000;

const sleep = ms => new Promise(r => setTimeout(r, ms));

const transpile = file =>
  ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
    },
  }).outputText;

/**
 * campaignFormat.ts evaluated in the page: its imports are the -common
 * format.ts and locale.ts (neither imports anything at runtime).
 */
function pageCampaignFormat(page) {
  const sources = {
    campaignFormat: transpile(
      path.join(components, 'Campaigns/campaignFormat.ts'),
    ),
    format: transpile(
      path.join(root, 'plugins/quality-scorecard-common/src/format.ts'),
    ),
    locale: transpile(path.join(components, 'locale.ts')),
  };
  return (fn, ...args) =>
    page.evaluate(
      ([src, name, values]) => {
        const loaded = {};
        const load = key => {
          if (loaded[key]) return loaded[key];
          const module = { exports: {} };
          loaded[key] = module.exports;
          const requireIn = spec => {
            if (spec === '../locale') return load('locale');
            if (spec === '@shewhart/plugin-quality-scorecard-common')
              return load('format');
            throw new Error(`campaignFormat.ts imports ${spec}`);
          };
          // eslint-disable-next-line no-new-func
          new Function('exports', 'module', 'require', src[key])(
            module.exports,
            module,
            requireIn,
          );
          loaded[key] = module.exports;
          return module.exports;
        };
        const exported = load('campaignFormat')[name];
        return typeof exported === 'function' ? exported(...values) : exported;
      },
      [sources, fn, args],
    );
}

/** Resolves with the first 200 answer whose URL path is `pathname`. */
function answerTo(page, pathname) {
  const p = page.waitForResponse(
    r =>
      r.request().method() === 'GET' &&
      new URL(r.url()).pathname === pathname &&
      r.status() === 200,
  );
  p.catch(() => {}); // awaited by the caller; a timeout is reported there
  return p;
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

const testIds = locator =>
  locator.evaluateAll(els => els.map(e => e.getAttribute('data-testid')));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The campaign card of the Quality tab against GET /campaigns/entity/... */
async function checkTab(o) {
  const { page, base, api, check, fmt, screenshot } = o;
  const entityRef = `component:default/${ENTITY}`;
  const route = `/api/quality-scorecard/campaigns/entity/component/default/${ENTITY}`;
  const answer = answerTo(page, route);
  await page.goto(`${base}/catalog/default/component/${ENTITY}/quality`);
  const shown = await (await answer).json();
  const fresh = await o.getJson(
    `${api}/campaigns/entity/component/default/${ENTITY}`,
  );
  check(
    `${ENTITY}: GET /campaigns/entity/... holds the demo campaign ${DEMO_CAMPAIGN} (${shown.items.length} campaigns)`,
    shown.items.some(i => i.campaign.id === DEMO_CAMPAIGN) &&
      same(
        shown.items.map(i => i.campaign.id),
        fresh.items.map(i => i.campaign.id),
      ),
    { shown: shown.items.map(i => i.campaign.id) },
  );
  const card = page.getByTestId('entity-campaigns');
  await card.waitFor();
  check(
    `${ENTITY}: the Campaigns card shows the ${shown.items.length} campaigns of the API, in its order`,
    same(
      await testIds(card.locator('[data-testid^="entity-campaign-"]')),
      shown.items.map(i => `entity-campaign-${i.campaign.id}`),
    ),
  );
  for (const { campaign, entities } of shown.items) {
    const mine = entities.find(e => e.entityRef === entityRef) ?? entities[0];
    const box = page.getByTestId(`entity-campaign-${campaign.id}`);
    const text = async id => (await box.getByTestId(id).textContent()).trim();
    const expected = {
      title: campaign.title,
      due: await fmt('dueLine', campaign, mine.standing !== 'not-meeting'),
      standing: (await fmt('STANDING_LABELS'))[mine.standing],
      open: mine.open.map(c => `campaign-open-${campaign.id}-${c.checkId}`),
      links: mine.open.map(
        c =>
          `/catalog/default/component/${ENTITY}/quality?check=${encodeURIComponent(
            c.checkId,
          )}`,
      ),
    };
    const got = {
      title: await text(`campaign-title-${campaign.id}`),
      due: await text(`campaign-due-${campaign.id}`),
      standing: await text(`campaign-standing-${campaign.id}`),
      open: await testIds(
        box.locator(
          `[data-testid^="campaign-open-${campaign.id}-"]:not([data-testid^="campaign-open-status-"])`,
        ),
      ),
      links: await box
        .locator(`[data-testid^="campaign-check-link-${campaign.id}-"]`)
        .evaluateAll(els => els.map(e => e.getAttribute('href'))),
    };
    check(
      `${ENTITY} in ${campaign.id}: "${expected.due}", ${expected.standing}, ${mine.open.length} open checks linked to their rows, as the API says`,
      same(got, expected),
      { got, expected },
    );
  }
  // Following an open check's link highlights its row in the checks block.
  const withOpen = shown.items.find(i =>
    i.entities.some(e => e.open.length > 0),
  );
  if (withOpen) {
    const first = withOpen.entities.find(e => e.open.length > 0).open[0];
    await page
      .getByTestId(
        `campaign-check-link-${withOpen.campaign.id}-${first.checkId}`,
      )
      .click();
    const row = page.getByTestId(`check-row-${first.checkId}`);
    let highlighted;
    for (let i = 0; i < 50; i++) {
      highlighted = await row
        .getAttribute('data-highlighted')
        .catch(() => null);
      if (highlighted === 'true') break;
      await sleep(100);
    }
    check(
      `${ENTITY}: the link of ${first.checkId} in ${withOpen.campaign.id} highlights its row in the checks block (?check=)`,
      highlighted === 'true' &&
        new URL(page.url()).searchParams.get('check') === first.checkId,
      { highlighted, url: page.url() },
    );
  }
  if (screenshot) await screenshot(page, '8-campaigns-tab', card);
}

/** The overview's campaigns against GET /campaigns and GET /campaigns/{id}. */
async function checkOverview(o) {
  const { page, base, api, check, fmt, getJson, screenshot } = o;
  const { burnUpPoints, orderCampaigns } = require(path.join(
    components,
    'Campaigns/burnUp.ts',
  ));
  const list = await getJson(`${api}/campaigns`);
  const details = new Map(
    list.items.map(c => [
      c.id,
      answerTo(
        page,
        `/api/quality-scorecard/campaigns/${encodeURIComponent(c.id)}`,
      ),
    ]),
  );
  const listAnswer = answerTo(page, '/api/quality-scorecard/campaigns');
  await page.goto(`${base}/quality`);
  const shownList = await (await listAnswer).json();
  const block = page.getByTestId('campaigns-overview');
  await block.waitFor();
  const order = orderCampaigns(shownList.items).map(c => c.id);
  check(
    `the overview lists the ${
      order.length
    } campaigns of GET /campaigns, active then scheduled then closed (${order.join(
      ', ',
    )})`,
    same(
      shownList.items.map(c => c.id).sort(),
      list.items.map(c => c.id).sort(),
    ) &&
      order.includes(DEMO_CAMPAIGN) &&
      same(
        await testIds(block.locator('[data-testid^="overview-campaign-"]')),
        order.map(id => `overview-campaign-${id}`),
      ),
    { order, states: shownList.items.map(c => [c.id, c.state]) },
  );
  for (const summary of orderCampaigns(shownList.items)) {
    const detail = await (await details.get(summary.id)).json();
    const { campaign, series, owners } = detail;
    const card = page.getByTestId(`overview-campaign-${summary.id}`);
    const counts = (
      await card.getByTestId(`overview-counts-${summary.id}`).textContent()
    ).trim();
    const due = (
      await card.getByTestId(`campaign-due-${summary.id}`).textContent()
    ).trim();
    const expectedCounts = await fmt('countsLine', campaign.progress);
    const expectedDue = await fmt(
      'dueLine',
      campaign,
      campaign.progress.notMeeting === 0,
    );
    check(
      `${summary.id}: the overview says "${expectedDue}" and "${expectedCounts}", as GET /campaigns/${summary.id}`,
      counts === expectedCounts && due === expectedDue,
      { counts, due },
    );
    if (series.length === 0) {
      check(
        `${summary.id}: ${campaign.state}, no series yet: no chart`,
        (await card.getByTestId(`campaign-burnup-${summary.id}`).count()) === 0,
      );
      continue;
    }
    const chart = card.getByTestId(`campaign-burnup-${summary.id}`);
    await chart.locator('.recharts-wrapper > svg.recharts-surface').waitFor();
    const points = burnUpPoints({
      startDate: campaign.startDate,
      dueDate: campaign.dueDate,
      series,
    });
    const span =
      (Date.parse(campaign.dueDate) - Date.parse(campaign.startDate)) / DAY_MS +
      1;
    const drawn = {
      points: Number(await chart.getAttribute('data-points')),
      days: Number(await chart.getAttribute('data-days')),
      lines: await chart.locator('.recharts-line').count(),
      legend: (
        await chart.locator('.recharts-legend-item-text').allTextContents()
      ).map(t => t.trim()),
    };
    check(
      `${summary.id}: the burn-up chart draws ${
        points.length
      } days (start to due date) with the ${
        series.length
      } days of the series and the lines ${LEGEND.join(', ')}`,
      drawn.points === points.length &&
        points.length === span &&
        points[points.length - 1].date === campaign.dueDate &&
        points[points.length - 1].target ===
          series[series.length - 1].inScope &&
        drawn.days === series.length &&
        drawn.lines === 3 &&
        same(drawn.legend, LEGEND),
      { drawn, expected: points.length, span },
    );
    check(
      `${summary.id}: the owners are ranked as GET /campaigns/${summary.id} ranks them (${owners.length})`,
      same(
        await testIds(
          card.locator(`[data-testid^="campaign-owner-${summary.id}-"]`),
        ),
        owners.map(w => `campaign-owner-${summary.id}-${w.owner}`),
      ),
    );
    const ownersCsv = await download(
      page,
      `csv-export-campaign-${summary.id}-owners.csv`,
    );
    const expectedOwners = owners.map((w, i) => [
      String(i + 1),
      w.owner,
      String(w.inScope),
      String(w.meeting),
      String(w.exempted),
      String(w.notMeeting),
    ]);
    check(
      `${summary.id}: the owners CSV has a row per owner of the API, ranked`,
      ownersCsv.name === `campaign-${summary.id}-owners.csv` &&
        same(ownersCsv.rows[0], [
          'rank',
          'owner',
          'in_scope',
          'meeting',
          'exempted',
          'not_meeting',
          'meeting_share',
        ]) &&
        same(
          ownersCsv.rows.slice(1).map(r => r.slice(0, 6)),
          expectedOwners,
        ),
      { rows: ownersCsv.rows.slice(0, 4) },
    );
    const daily = await download(
      page,
      `csv-export-campaign-${summary.id}-daily.csv`,
    );
    const target = new Map(points.map(p => [p.date, String(p.target)]));
    const expectedDaily = series.map(d => [
      d.date,
      String(d.inScope),
      String(d.meeting),
      String(d.exempted),
      String(d.inScope - d.meeting - d.exempted),
      target.get(d.date),
    ]);
    check(
      `${summary.id}: the daily CSV has the ${series.length} days of the series with the target line`,
      daily.name === `campaign-${summary.id}-daily.csv` &&
        same(daily.rows[0], [
          'date',
          'in_scope',
          'meeting',
          'exempted',
          'not_meeting',
          'target',
        ]) &&
        same(daily.rows.slice(1), expectedDaily),
      {
        first: daily.rows[1],
        expected: expectedDaily[0],
        rows: daily.rows.length - 1,
      },
    );
    if (screenshot && summary.id === DEMO_CAMPAIGN) {
      await screenshot(page, '8-campaign-burnup', card);
    }
  }
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page signed in as guest
 * @param {string} o.base the portal's origin
 * @param {() => Promise<string>} o.guestToken a fresh guest token
 * @param {(name: string, ok: unknown, detail?: unknown) => void} o.check
 * @param {(page: unknown, name: string, element?: unknown) => Promise<void>} [o.screenshot]
 */
async function campaignsInBrowser({
  page,
  base,
  guestToken,
  check,
  screenshot,
}) {
  const api = `${base}/api/quality-scorecard`;
  const getJson = async url => {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${await guestToken()}` },
    });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const fmt = pageCampaignFormat(page);
  const o = { page, base, api, check, fmt, getJson, screenshot };
  await checkTab(o);
  await checkOverview(o);
}

module.exports = { campaignsInBrowser };
