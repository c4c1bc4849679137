/*
 * Browser end-to-end test of the Quality tab, in Debian Chromium through
 * playwright-core.
 *
 * Builds the app (unless its build is newer than every frontend source),
 * starts the real backend with demo data on a free port and in-memory SQLite
 * (the backend serves the built app, so one origin), signs in as guest, opens
 * the demo component whose control charts signal a shift right now, clicks the
 * Quality tab and checks that every number shown equals the API's number
 * formatted by the UI's own formatter (src/components/format.ts). Then it opens
 * a control chart, the team page and the overview page, saves screenshots
 * under test/output/screenshots/, prints a JSON summary, and exits non-zero on
 * any failure. It kills what it started and stops by itself (E2E_TIMEOUT_MS).
 *
 * GitLab: the example component basket-web (annotated gitlab.com/project-slug,
 * no demo data) gets a small history as signed GitLab webhooks
 * (gitlabHistory.js, posted to the running backend), and its Quality tab must
 * show the lead time, change failure rate and AI policy compliance computed
 * from them: the API's values, which equal hand-computed ones.
 *
 * Env: E2E_PORT (default: a free port), E2E_BUILD=always|never|auto (default auto),
 * CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (default 900000).
 */
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const Module = require('module');
const ts = require('typescript');
const { chromium } = require('playwright-core');
const { gitlabHistory } = require('./gitlabHistory');
const { qualityTabExtras } = require('./qualityTabExtras');
const { campaignsInBrowser } = require('./campaigns');

const root = path.resolve(__dirname, '../..');
const yarn = path.join(root, '.yarn/releases/yarn-4.13.0.cjs');
let port;
let base;
let api;
const shots = path.join(root, 'test/output/screenshots');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const deadline = Number(process.env.E2E_TIMEOUT_MS || 15 * 60_000);
const CANDIDATES = ['payments-api', 'ledger', 'fraud-scoring'];
const TEAM = 'payments-team';
/** The example component on GitLab (examples/entities.yaml); the demo data leaves it out. */
const GITLAB_COMPONENT = 'basket-web';
const GITLAB_HOST = 'gitlab.example.com';
const GITLAB_PROJECT = 'shewhart-demo/shop/basket-web';
/** The X-Gitlab-Token the backend accepts for this run (qualityScorecard.gitlab.webhookSecrets). */
const GITLAB_SECRET = `e2e-${crypto.randomBytes(16).toString('hex')}`;
const GITLAB_WEBHOOK_UUID = crypto.randomUUID();

const started = [];
const checks = [];
const screenshots = [];
const timings = {};
let backendLog = '';
let backendExit;
let currentPage;
const failedRequestsOf = [];

const sleep = ms => new Promise(r => setTimeout(r, ms));
const log = msg =>
  console.error(`[e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** A TypeScript module without runtime imports (the UI's formatter, the metric definitions). */
const transpile = file =>
  ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
    },
  }).outputText;

// A loaded file's relative imports of other .ts files (metricDefinitions.ts
// imports doraBands.ts) load the same way.
Module._extensions['.ts'] = (m, file) => m._compile(transpile(file), file);

function loadTypeScript(relative) {
  const file = path.join(root, relative);
  const outputText = transpile(file);
  const m = new Module(file);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(outputText, file);
  return m.exports;
}

function check(name, ok, detail) {
  checks.push({
    name,
    ok: Boolean(ok),
    ...(detail === undefined ? {} : { detail }),
  });
  log(
    `${ok ? 'ok' : 'FAIL'} - ${name}${
      ok || detail === undefined ? '' : `: ${JSON.stringify(detail)}`
    }`,
  );
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildAppIfNeeded() {
  const index = path.join(root, 'packages/app/dist/index.html');
  const mode = process.env.E2E_BUILD || 'auto';
  const sources = [
    'packages/app/src',
    'plugins/quality-scorecard/src',
    'plugins/quality-scorecard-common/src',
  ];
  const fresh =
    fs.existsSync(index) &&
    fs.statSync(index).mtimeMs >
      Math.max(...sources.map(s => newestMtime(path.join(root, s))));
  if (mode === 'never' || (mode === 'auto' && fresh)) {
    log('app build is up to date');
    return;
  }
  log('building the app (about 1-2 minutes)');
  const t = Date.now();
  const result = spawnSync(process.execPath, [yarn, 'build'], {
    cwd: path.join(root, 'packages/app'),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`app build failed: ${(result.stderr || '').slice(-2000)}`);
  }
  timings.appBuildMs = Date.now() - t;
}

function startBackend() {
  const override = path.join(os.tmpdir(), `shewhart-e2e-${process.pid}.yaml`);
  fs.writeFileSync(
    override,
    [
      'app:',
      `  baseUrl: ${base}`,
      'backend:',
      `  baseUrl: ${base}`,
      `  listen: { port: ${port}, host: 127.0.0.1 }`,
      `  cors: { origin: ${base}, credentials: true }`,
      "  database: { client: better-sqlite3, connection: ':memory:' }",
      // Merged over app-config.yaml's qualityScorecard: only this list
      // changes (a list replaces the base file's empty one).
      'qualityScorecard:',
      '  gitlab:',
      `    webhookSecrets: [${JSON.stringify(GITLAB_SECRET)}]`,
    ].join('\n'),
  );
  // What `yarn start` in packages/backend runs, minus its file watcher: other
  // work in the checkout must not restart the backend in the middle of a run.
  // Where the CLI's transform cannot be found, `yarn start` itself.
  const configArgs = [
    '--config',
    '../../app-config.yaml',
    '--config',
    override,
  ];
  let transform;
  try {
    transform = require.resolve(
      '@backstage/cli-node/config/nodeTransform.cjs',
      {
        paths: [path.join(root, 'packages/backend'), root],
      },
    );
  } catch {
    transform = undefined;
  }
  const args = transform
    ? [
        '--enable-source-maps',
        '--require',
        transform,
        'src/index.ts',
        ...configArgs,
      ]
    : [yarn, 'start', ...configArgs];
  const child = spawn(process.execPath, args, {
    cwd: path.join(root, 'packages/backend'),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
    },
  });
  child.on(
    'exit',
    code => (backendExit = `the backend exited with code ${code}`),
  );
  const onOutput = d => {
    backendLog = (backendLog + d).slice(-20000);
    if (String(d).includes('EADDRINUSE'))
      backendExit = `port ${port} is in use`;
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  started.push({
    kill: () => process.kill(-child.pid, 'SIGTERM'),
    forceKill: () => process.kill(-child.pid, 'SIGKILL'),
  });
  started.push({ kill: () => fs.rmSync(override, { force: true }) });
}

async function waitFor(what, fn, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    if (backendExit) throw new Error(backendExit);
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(1000);
  }
  throw new Error(
    `timed out waiting for ${what}${last ? `: ${last.message}` : ''}`,
  );
}

async function guestToken() {
  const res = await fetch(`${base}/api/auth/guest/refresh`);
  if (!res.ok) throw new Error(`guest refresh ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function getJson(url, token) {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Signals fired in the last four weeks of the series (as the UI's currentSignals). */
function currentSignals(metric) {
  const series = metric.series || [];
  if (!series.length || !metric.control) return [];
  const since = series[Math.max(0, series.length - 4)].start;
  return metric.control.signals.filter(s => s.end >= since);
}

async function screenshot(page, name, element) {
  const file = path.join(shots, `${name}.png`);
  if (element) await element.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  screenshots.push(path.relative(root, file));
}

// The PR flow parts are no tiles: the "Where the time goes" card lists
// each with its window median and n.
const FLOW_PARTS = [
  'pr_coding_time',
  'pr_pickup_time',
  'pr_review_time',
  'pr_deploy_time',
];

/**
 * Compares every metric the Quality tab shows (tiles: value, n, delta and
 * its tone, greyed small samples; the PR flow card's parts) with the API's
 * scorecard, formatted by the UI's own formatter. Returns the differences.
 */
async function compareWithApi(page, fromApi, { definitions, fmt }) {
  const mismatches = [];
  const shown = {};
  for (const metric of fromApi.metrics) {
    const def = definitions.get(metric.id);
    const expectedValue = fmt.formatMetricValue(def, metric.value);
    if (FLOW_PARTS.includes(metric.id)) {
      const chip = (
        await page.getByTestId(`flow-part-${metric.id}`).textContent()
      ).trim();
      shown[metric.id] = chip;
      const expectedChip = `${def.title}: ${expectedValue} (n = ${metric.n})`;
      if (chip !== expectedChip)
        mismatches.push({ id: metric.id, shown: chip, api: expectedChip });
      continue;
    }
    const value = (
      await page.getByTestId(`metric-value-${metric.id}`).textContent()
    ).trim();
    shown[metric.id] = value;
    if (value !== expectedValue)
      mismatches.push({ id: metric.id, shown: value, api: expectedValue });
    const expectedN = `n = ${metric.n}`;
    const n = await page.getByTestId(`metric-n-${metric.id}`).textContent();
    if (!n.startsWith(expectedN))
      mismatches.push({ id: metric.id, shown: n, api: expectedN });
    const expectedDelta = fmt.formatDelta(def, metric);
    if (expectedDelta) {
      const delta = page.getByTestId(`metric-delta-${metric.id}`);
      const text = await delta.textContent();
      const tone = await delta.getAttribute('data-tone');
      if (text !== `${expectedDelta} vs previous window`)
        mismatches.push({ id: metric.id, shown: text, api: expectedDelta });
      if (tone !== fmt.deltaTone(def, metric.delta))
        mismatches.push({
          id: metric.id,
          tone,
          api: fmt.deltaTone(def, metric.delta),
        });
    }
    if (metric.flags.includes('small-sample')) {
      const muted = await page
        .getByTestId(`metric-tile-${metric.id}`)
        .getAttribute('data-muted');
      if (muted !== 'true')
        mismatches.push({ id: metric.id, smallSampleNotGreyed: true });
    }
  }
  return { mismatches, shown };
}

/** One GitLab webhook delivery, with the headers GitLab sends, to the running backend. */
async function postGitlabHook(event, body, headers = {}) {
  const res = await fetch(`${api}/webhooks/gitlab`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitLab/17.9.0',
      'x-gitlab-event': event,
      'x-gitlab-instance': `https://${GITLAB_HOST}`,
      'x-gitlab-webhook-uuid': GITLAB_WEBHOOK_UUID,
      'x-gitlab-event-uuid': crypto.randomUUID(),
      'x-gitlab-token': GITLAB_SECRET,
      'idempotency-key': crypto.randomUUID(),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text: text.slice(0, 300) };
  }
  return { status: res.status, body: json };
}

const byId = (scorecard, id) => scorecard.metrics.find(m => m.id === id);

/**
 * Sends the GitLab component's history as signed webhooks and waits until
 * its scorecard, refreshed (as an admin can: the guest is one), counts every
 * merged MR, production deployment and incident of it.
 */
async function sendGitlabHistory() {
  let token = await guestToken();
  // The hooks' events are attributed through the catalog's annotations.
  await waitFor(
    `${GITLAB_COMPONENT} in the catalog`,
    async () =>
      (
        await fetch(
          `${base}/api/catalog/entities/by-name/component/default/${GITLAB_COMPONENT}`,
          { headers: { authorization: `Bearer ${token}` } },
        )
      ).ok,
    120_000,
  );
  const history = gitlabHistory({ host: GITLAB_HOST, path: GITLAB_PROJECT });
  const answers = [];
  let bad = 0;
  let merge;
  for (const d of history.deliveries) {
    const key = crypto.randomUUID();
    const res = await postGitlabHook(d.event, d.body, {
      'idempotency-key': key,
    });
    const ok =
      res.status === 202 &&
      res.body.deliveryId === key &&
      res.body.duplicate === false &&
      res.body.processed === true &&
      res.body.events === d.events;
    if (!ok) bad += 1;
    if (d.what === '!1 merged by linus') merge = { d, key };
    answers.push(
      `${d.event} (${d.what}): ${res.status} processed=${res.body.processed} events=${res.body.events}/${d.events}${
        ok ? '' : ` ${JSON.stringify(res.body)}`
      }`,
    );
  }
  check(
    `all ${history.deliveries.length} GitLab hooks answer 202, processed, with the expected events`,
    bad === 0,
    answers,
  );
  // GitLab retries with the same Idempotency-Key: stored once, mapped once.
  const again = await postGitlabHook(merge.d.event, merge.d.body, {
    'idempotency-key': merge.key,
  });
  check(
    'a repeated GitLab delivery (same Idempotency-Key) is a duplicate',
    again.status === 200 &&
      again.body.deliveryId === merge.key &&
      again.body.duplicate === true &&
      again.body.events === 0,
    { status: again.status, body: again.body },
  );
  const forged = await postGitlabHook(merge.d.event, merge.d.body, {
    'x-gitlab-token': `${GITLAB_SECRET}x`,
  });
  check(
    'a GitLab hook with a wrong X-Gitlab-Token is refused',
    forged.status === 401,
    { status: forged.status, message: forged.body.error?.message },
  );

  const url = `${api}/scorecards/entity/component/default/${GITLAB_COMPONENT}`;
  let counts;
  const scorecard = await waitFor(
    `the ${GITLAB_COMPONENT} scorecard to count its GitLab history`,
    async () => {
      token = await guestToken();
      const res = await fetch(`${url}/refresh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok)
        throw new Error(`refresh: ${res.status} ${await res.text()}`);
      const card = await getJson(url, token);
      counts = {
        mergedPrs: byId(card, 'review_coverage')?.denominator,
        productionDeployments: byId(card, 'change_failure_rate')?.denominator,
        restoredIncidents: byId(card, 'time_to_restore')?.n,
      };
      return counts.mergedPrs === 2 &&
        counts.productionDeployments === 2 &&
        counts.restoredIncidents === 1
        ? card
        : undefined;
    },
    150_000,
  ).catch(e => {
    throw new Error(`${e.message}; last counts ${JSON.stringify(counts)}`);
  });
  return { history, scorecard };
}

/** E2E_PORT, or a port the OS says is free, so a portal already running is left alone. */
async function choosePort() {
  if (process.env.E2E_PORT) return Number(process.env.E2E_PORT);
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
}

async function run() {
  port = await choosePort();
  base = `http://127.0.0.1:${port}`;
  api = `${base}/api/quality-scorecard`;
  if (
    await fetch(`${base}/`).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`something already answers on port ${port}`);
  }
  const fmt = loadTypeScript(
    'plugins/quality-scorecard-common/src/format.ts',
  );
  const { METRIC_DEFINITIONS } = loadTypeScript(
    'plugins/quality-scorecard-common/src/metricDefinitions.ts',
  );
  const definitions = new Map(METRIC_DEFINITIONS.map(d => [d.id, d]));
  fs.mkdirSync(shots, { recursive: true });

  buildAppIfNeeded();
  const backendStart = Date.now();
  startBackend();
  await waitFor(
    'the backend',
    async () => (await fetch(`${api}/health`)).ok,
    240_000,
  );
  await waitFor(
    'the app served by the backend',
    async () => {
      const res = await fetch(`${base}/catalog`);
      return res.ok && (await res.text()).includes('<div id="root">');
    },
    60_000,
  );
  timings.backendUpMs = Date.now() - backendStart;
  let token = await waitFor('a guest token', guestToken, 30_000);

  // The demo component with the most signals right now.
  const scorecards = await waitFor(
    'demo scorecards',
    async () => {
      const all = await Promise.all(
        CANDIDATES.map(name =>
          getJson(`${api}/scorecards/entity/component/default/${name}`, token),
        ),
      );
      return all.every(s => s.metrics.some(m => m.n > 0)) ? all : undefined;
    },
    120_000,
  );
  // The owner roll-up reads the catalog's groups, which arrive after the entities.
  await waitFor(
    'the groups in the owner roll-up',
    async () => {
      const overview = await getJson(`${api}/overview`, token);
      await getJson(`${api}/scorecards/owner/group/default/${TEAM}`, token);
      return overview.groups.length > 0;
    },
    180_000,
  );
  const ranked = CANDIDATES.map((name, i) => ({
    name,
    signals: scorecards[i].metrics.reduce(
      (sum, m) => sum + currentSignals(m).length,
      0,
    ),
  })).sort((a, b) => b.signals - a.signals);
  const component = ranked[0].name;
  check(
    'a demo component has a current control-chart signal',
    ranked[0].signals > 0,
    ranked,
  );
  timings.dataReadyMs = Date.now() - backendStart;

  // The GitLab component's history, as GitLab's webhooks (checked in the browser below).
  const gitlabStart = Date.now();
  const gitlab = await sendGitlabHistory();
  timings.gitlabHistoryMs = Date.now() - gitlabStart;

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  started.unshift({ kill: () => browser.close() });
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  currentPage = page;
  page.setDefaultTimeout(60_000);
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(e.message));
  const failedRequests = failedRequestsOf;
  page.on('response', r => {
    if (r.status() >= 400 && r.url().includes('/api/'))
      failedRequests.push(`${r.status()} ${r.url()}`);
  });

  // Sign in as guest.
  await page.goto(`${base}/catalog/default/component/${component}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();

  // Overview tab: the summary card.
  const summary = page.getByTestId('quality-summary');
  await summary.waitFor();
  await page.getByTestId('current-signals').first().waitFor();
  check(
    'the Overview tab shows the quality summary card with a current signal',
    await summary.isVisible(),
  );
  await screenshot(page, '1-entity-overview-summary-card');

  // Quality tab: measure from the click to every tile showing its value.
  const tabClick = Date.now();
  const scorecardResponse = page.waitForResponse(
    r =>
      r.url().includes(`/scorecards/entity/component/default/${component}`) &&
      r.status() === 200,
  );
  scorecardResponse.catch(() => {}); // awaited below; a timeout is reported there
  await page
    .locator(`a[href="/catalog/default/component/${component}/quality"]`)
    .click();
  const response = await scorecardResponse;
  await page
    .locator('[data-testid="quality-tab"][data-loading="false"]')
    .waitFor();
  await page.locator('[data-testid^="metric-value-"]').nth(12).waitFor();
  timings.qualityTabLoadMs = Date.now() - tabClick;
  check(
    'the Quality tab URL',
    page.url().endsWith(`/catalog/default/component/${component}/quality`),
    page.url(),
  );

  // The numbers shown equal the API's, fetched again with the same window
  // (the tab asked for ?view=summary; the full view has the charts too).
  const requested = new URL(response.url());
  const fullView = new URLSearchParams(requested.search);
  fullView.delete('view');
  const fromApi = await getJson(
    `${api}${requested.pathname.replace(
      '/api/quality-scorecard',
      '',
    )}?${fullView}`,
    token,
  );
  check(
    'the UI asked for a 28-day window',
    (() => {
      const days =
        (Date.parse(requested.searchParams.get('to')) -
          Date.parse(requested.searchParams.get('from'))) /
        86_400_000;
      return Math.round(days) === 28;
    })(),
    requested.search,
  );
  const { mismatches } = await compareWithApi(page, fromApi, {
    definitions,
    fmt,
  });
  const unknown = fromApi.metrics
    .filter(m => !definitions.has(m.id))
    .map(m => m.id);
  check(
    `all ${fromApi.metrics.length} metrics show the API's values, n and deltas (tiles, and the PR flow card)`,
    mismatches.length === 0 &&
      unknown.length === 0 &&
      fromApi.metrics.length >= 13,
    { mismatches, unknown },
  );
  const compliance = (
    await page.getByTestId('ai-compliance').textContent()
  ).trim();
  const expectedCompliance = `${fmt.formatPercent(fromApi.aiPolicy.rate)}: ${
    fromApi.aiPolicy.compliant
  } of ${fromApi.aiPolicy.applicable} PRs`;
  check(
    'the AI block shows the API compliance',
    compliance.startsWith(expectedCompliance),
    { shown: compliance, api: expectedCompliance },
  );
  if (fromApi.aiPolicy.violations.length) {
    const title = await page.getByTestId('violations-table').textContent();
    const total = fromApi.aiPolicy.applicable - fromApi.aiPolicy.compliant;
    const listed = fromApi.aiPolicy.violations.length;
    const expectedTitle =
      total > listed
        ? `Policy violations (${total}, the latest ${listed} listed)`
        : `Policy violations (${total})`;
    check(
      'the violations table names the PRs and failed rules',
      title.includes(expectedTitle) &&
        title.includes(fromApi.aiPolicy.violations[0].rules[0].reason),
      { expectedTitle },
    );
  }
  if (fromApi.aiComparison) {
    const row = await page
      .getByTestId('ai-comparison-incidents_per_pr')
      .textContent();
    const expected = fmt.formatMetricValue(
      definitions.get('incidents_per_pr'),
      fromApi.aiComparison.ai.incidentsPerPr,
    );
    check(
      'the AI vs other comparison shows the API value',
      row.includes(expected),
      { row, expected },
    );
  }
  check(
    'the demo-data label is shown',
    fromApi.demo &&
      (await page.getByTestId('demo-data-label').first().isVisible()),
  );
  await screenshot(page, '2-quality-tab');

  // The control chart of the metric whose signal is freshest.
  const withSignal = fromApi.metrics
    .map(m => ({ m, s: currentSignals(m) }))
    .filter(x => x.s.length)
    .sort((a, b) =>
      b.s
        .map(s => s.end)
        .sort()
        .pop()
        .localeCompare(
          a.s
            .map(s => s.end)
            .sort()
            .pop(),
        ),
    )[0];
  await page.getByTestId(`metric-tile-${withSignal.m.id}`).click();
  const dialog = page.getByTestId('control-chart-dialog');
  await dialog.waitFor();
  await dialog.locator('.recharts-line-dots circle').first().waitFor();
  const sentences = await dialog
    .getByTestId('signal-sentence')
    .allTextContents();
  const apiSentences = [...withSignal.m.control.signals]
    .sort(
      (a, b) => b.end.localeCompare(a.end) || b.start.localeCompare(a.start),
    )
    .map(s => s.description);
  check(
    `the ${withSignal.m.id} control chart explains its ${apiSentences.length} signals in the API's words`,
    sentences.length === apiSentences.length &&
      sentences.every((s, i) => s.startsWith(apiSentences[i])),
    { shown: sentences.slice(0, 3), api: apiSentences.slice(0, 3) },
  );
  const redPoints = await dialog
    .locator('.recharts-scatter-symbol path')
    .count();
  const coveredWeeks = withSignal.m.series.filter(
    p =>
      p.value !== null &&
      withSignal.m.control.signals.some(
        s => p.start >= s.start && p.start <= s.end,
      ),
  ).length;
  check(
    'the chart marks in red each week a signal covers',
    redPoints === coveredWeeks,
    { redPoints, coveredWeeks },
  );
  const weeklyPoints = await dialog
    .locator('.recharts-line-dots circle')
    .count();
  check(
    'the chart has a point per week with a value',
    weeklyPoints === withSignal.m.series.filter(p => p.value !== null).length,
    weeklyPoints,
  );
  timings.signalShown = sentences[0];
  await screenshot(page, '3-control-chart', dialog.locator('.MuiDialog-paper'));
  await dialog.getByLabel('close').click();
  await dialog.waitFor({ state: 'detached' });

  // The window selector asks for 90 days and shows that answer.
  const ninety = page.waitForResponse(
    r =>
      r.url().includes(`/scorecards/entity/component/default/${component}`) &&
      r.status() === 200,
  );
  ninety.catch(() => {});
  await page.getByTestId('window-select').locator('[role="button"]').click();
  await page.getByRole('option', { name: 'Last 90 days' }).click();
  const ninetyJson = await (await ninety).json();
  await page
    .locator('[data-testid="quality-tab"][data-loading="false"]')
    .waitFor();
  const leadDef = definitions.get('lead_time_for_changes');
  const lead90 = ninetyJson.metrics.find(m => m.id === 'lead_time_for_changes');
  const lead90Shown = (
    await page.getByTestId('metric-value-lead_time_for_changes').textContent()
  ).trim();
  check(
    'the 90-day window shows the 90-day answer',
    lead90Shown === fmt.formatMetricValue(leadDef, lead90.value),
    {
      shown: lead90Shown,
      api: fmt.formatMetricValue(leadDef, lead90.value),
    },
  );

  // A notification's deep link: ?metric= opens that chart on load, and the
  // checks block shows the level the checks API answers.
  await page.goto(
    `${base}/catalog/default/component/payments-api/quality?metric=incidents_per_pr`,
  );
  const linked = page.getByTestId('control-chart-dialog');
  await linked.waitFor();
  const linkedTitle = await linked.locator('h6').first().textContent();
  check(
    '?metric=incidents_per_pr opens the incidents per PR chart',
    linkedTitle.startsWith(definitions.get('incidents_per_pr').title),
    linkedTitle,
  );
  token = await guestToken();
  const checkDefs = await getJson(`${api}/checks`, token);
  if (checkDefs.checks.length > 0) {
    const entityChecks = await getJson(
      `${api}/checks/entity/component/default/payments-api`,
      token,
    );
    const levelTitle = entityChecks.level
      ? entityChecks.levels.find(l => l.id === entityChecks.level)?.title ??
        entityChecks.level
      : 'no level';
    await linked.getByLabel('close').click();
    await linked.waitFor({ state: 'detached' });
    const chip = page.getByTestId('checks-block').getByTestId('level-chip');
    await chip.waitFor();
    const chipText = (await chip.textContent()).trim();
    check(
      'the level chip shows the level of GET /checks/entity',
      chipText === levelTitle,
      { shown: chipText, api: levelTitle },
    );
    await screenshot(page, '3b-checks', page.getByTestId('checks-block'));
  }

  // The notifications bell: the demo story's signal episodes reach the guest
  // (a member of an owning team), and a notification's link lands on its chart.
  const quality = await waitFor(
    'a quality notification for the guest',
    async () => {
      const res = await getJson(
        `${base}/api/notifications/notifications?limit=100`,
        await guestToken(),
      );
      const ours = res.notifications.filter(n =>
        (n.payload.link ?? '').includes('/quality?metric='),
      );
      return ours.length > 0 ? ours : undefined;
    },
    180_000,
  );
  let note = quality[0];
  check(
    'the guest has a notification of a control-chart signal',
    quality.length > 0,
    quality.slice(0, 5).map(n => ({
      title: n.payload.title,
      link: n.payload.link,
      severity: n.payload.severity,
    })),
  );
  const bell = page.getByRole('link', { name: /notifications/i }).first();
  await bell.waitFor();
  await bell.click();
  await page.waitForURL(u => u.pathname.endsWith('/notifications'));
  // New notifications keep arriving while the demo recomputes, and the page
  // lists the newest first: take one of ours that the page shows now.
  const shown = await waitFor(
    'a quality notification listed on the notifications page',
    async () => {
      const res = await getJson(
        `${base}/api/notifications/notifications?limit=100`,
        await guestToken(),
      );
      for (const n of res.notifications) {
        if (!(n.payload.link ?? '').includes('/quality?metric=')) continue;
        const link = page.getByText(n.payload.title, { exact: true }).first();
        if ((await link.count()) > 0) return n;
      }
      return undefined;
    },
    60_000,
  );
  note = shown;
  const noteLink = page.getByText(note.payload.title, { exact: true }).first();
  await noteLink.waitFor();
  await screenshot(page, '3c-notifications');
  await noteLink.click();
  const target = new URL(note.payload.link, base);
  await page.waitForURL(
    u =>
      u.pathname === target.pathname &&
      u.searchParams.get('metric') === target.searchParams.get('metric'),
  );
  const noteChart = page.getByTestId('control-chart-dialog');
  await noteChart.waitFor();
  const noteMetric = definitions.get(target.searchParams.get('metric'));
  const noteChartTitle = await noteChart.locator('h6').first().textContent();
  check(
    "the notification's link opens the Quality tab with that metric's chart",
    Boolean(noteMetric) && noteChartTitle.startsWith(noteMetric.title),
    { link: note.payload.link, chart: noteChartTitle },
  );

  // The team page: the group's roll-up and its services.
  const teamStart = Date.now();
  await page.goto(`${base}/catalog/default/group/${TEAM}/quality`);
  await page.getByTestId('team-breakdown').waitFor();
  timings.teamTabLoadMs = Date.now() - teamStart;
  token = await guestToken();
  const breakdown = await getJson(
    `${api}/scorecards/owner/group/default/${TEAM}/breakdown`,
    token,
  );
  const servicesText = await page
    .getByTestId('headline-table-Services')
    .textContent();
  const missing = breakdown.entities
    .map(e => e.entityRef.split('/').pop())
    .filter(n => !servicesText.includes(n));
  check(
    `the team page lists the ${breakdown.entities.length} entities of ${TEAM}`,
    missing.length === 0 && breakdown.entities.length > 0,
    { missing },
  );
  const cfr = breakdown.entities
    .find(e => e.entityRef.endsWith(`/${component}`))
    ?.metrics.find(m => m.id === 'change_failure_rate');
  if (cfr) {
    const cell = (
      await page
        .getByTestId(`cell-component:default/${component}-change_failure_rate`)
        .locator('span')
        .first()
        .textContent()
    ).trim();
    check(
      'a service row shows the breakdown API value',
      cell ===
        fmt.formatMetricValue(
          definitions.get('change_failure_rate'),
          cfr.value,
        ),
      {
        shown: cell,
        api: fmt.formatMetricValue(
          definitions.get('change_failure_rate'),
          cfr.value,
        ),
      },
    );
  }
  await screenshot(page, '4-team-page');

  // The overview page, through the sidebar.
  const overviewStart = Date.now();
  await page.locator('a[href="/quality"]').first().click();
  await page.getByTestId('quality-overview').waitFor();
  await page.getByTestId('headline-table-Groups').waitFor();
  timings.overviewLoadMs = Date.now() - overviewStart;
  const overview = await getJson(`${api}/overview`, token);
  const groupRows = await page
    .getByTestId('headline-table-Groups')
    .locator('tbody tr')
    .count();
  check(
    `the overview ranks all ${overview.groups.length} groups`,
    groupRows === overview.groups.length,
    { groupRows },
  );
  const heatCells = await page
    .locator('[data-testid="compliance-heatmap"] tbody tr')
    .count();
  check(
    'the compliance heat map has a row per group',
    heatCells === overview.groups.length,
    { heatCells },
  );
  // The page scrolls inside its own container: a taller window shows all of it.
  await page.setViewportSize({ width: 1440, height: 1600 });
  await screenshot(page, '5-overview-page');

  // The GitLab component: no demo data, only what its hooks said.
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${base}/catalog/default/component/${GITLAB_COMPONENT}`);
  const gitlabResponse = page.waitForResponse(
    r =>
      r
        .url()
        .includes(`/scorecards/entity/component/default/${GITLAB_COMPONENT}`) &&
      r.status() === 200,
  );
  gitlabResponse.catch(() => {});
  await page
    .locator(`a[href="/catalog/default/component/${GITLAB_COMPONENT}/quality"]`)
    .click();
  const gitlabRequested = new URL((await gitlabResponse).url());
  await page
    .locator('[data-testid="quality-tab"][data-loading="false"]')
    .waitFor();
  await page.locator('[data-testid^="metric-value-"]').nth(12).waitFor();
  token = await guestToken();
  const gitlabApi = await getJson(
    `${api}${gitlabRequested.pathname.replace('/api/quality-scorecard', '')}${
      gitlabRequested.search
    }`,
    token,
  );
  const expected = gitlab.history.expected;
  const gitlabChecks = await compareWithApi(page, gitlabApi, {
    definitions,
    fmt,
  });
  check(
    `${GITLAB_COMPONENT}: all ${gitlabApi.metrics.length} metrics show the API's values, n and deltas`,
    gitlabChecks.mismatches.length === 0 && gitlabApi.metrics.length >= 13,
    { mismatches: gitlabChecks.mismatches, shown: gitlabChecks.shown },
  );
  const shownValue = async id =>
    (await page.getByTestId(`metric-value-${id}`).textContent()).trim();
  const glLead = byId(gitlabApi, 'lead_time_for_changes');
  const glLeadShown = await shownValue('lead_time_for_changes');
  const glLeadExpected = fmt.formatMetricValue(leadDef, glLead.value);
  // !1: first commit Mon 09:00 → deployed Mon 15:00 = 6 h; !2: Tue 09:00 →
  // Tue 13:00 = 4 h; the median of two is their mean: 5 h = 18,000 s.
  check(
    `${GITLAB_COMPONENT}: lead time for changes from GitLab hooks is shown as the API's ${glLeadExpected} (18,000 s by hand, n = 2)`,
    glLead.value === expected.leadTimeSeconds &&
      glLead.n === expected.leadTimeN &&
      glLeadShown === glLeadExpected,
    {
      shown: glLeadShown,
      api: glLeadExpected,
      apiValue: glLead.value,
      n: glLead.n,
    },
  );
  const glCfrDef = definitions.get('change_failure_rate');
  const glCfr = byId(gitlabApi, 'change_failure_rate');
  const glCfrShown = await shownValue('change_failure_rate');
  const glCfrExpected = fmt.formatMetricValue(glCfrDef, glCfr.value);
  check(
    `${GITLAB_COMPONENT}: change failure rate from GitLab hooks is shown as the API's ${glCfrExpected} (1 of 2 deployments followed by an incident)`,
    glCfr.value === expected.changeFailureRate.value &&
      glCfr.numerator === expected.changeFailureRate.numerator &&
      glCfr.denominator === expected.changeFailureRate.denominator &&
      glCfrShown === glCfrExpected,
    {
      shown: glCfrShown,
      api: glCfrExpected,
      apiValue: glCfr.value,
      numerator: glCfr.numerator,
      denominator: glCfr.denominator,
    },
  );
  const glAiDef = definitions.get('ai_policy_compliance');
  const glAi = byId(gitlabApi, 'ai_policy_compliance');
  const aiTileShown = await shownValue('ai_policy_compliance');
  const aiBlockShown = (
    await page.getByTestId('ai-compliance').textContent()
  ).trim();
  const aiBlockExpected = `${fmt.formatPercent(gitlabApi.aiPolicy.rate)}: ${
    gitlabApi.aiPolicy.compliant
  } of ${gitlabApi.aiPolicy.applicable} PRs`;
  check(
    `${GITLAB_COMPONENT}: AI policy compliance from GitLab hooks is shown as the API's ${aiBlockExpected} (!2 self-approved and self-merged)`,
    gitlabApi.aiPolicy.applicable === expected.aiPolicy.applicable &&
      gitlabApi.aiPolicy.compliant === expected.aiPolicy.compliant &&
      gitlabApi.aiPolicy.rate === expected.aiPolicy.rate &&
      JSON.stringify(
        gitlabApi.aiPolicy.violations.map(v => v.pullRequest),
      ) === JSON.stringify(expected.aiPolicy.violating) &&
      glAi.value === expected.aiPolicy.rate &&
      aiTileShown === fmt.formatMetricValue(glAiDef, glAi.value) &&
      aiBlockShown.startsWith(aiBlockExpected),
    {
      tile: aiTileShown,
      block: aiBlockShown,
      api: aiBlockExpected,
      violations: gitlabApi.aiPolicy.violations.map(v => ({
        mr: v.pullRequest,
        rules: v.rules.map(r => r.id),
      })),
    },
  );
  check(
    `${GITLAB_COMPONENT}: no demo data (the API says so and no demo label is shown)`,
    gitlabApi.demo === false &&
      (await page.getByTestId('demo-data-label').count()) === 0,
    { demo: gitlabApi.demo },
  );
  await screenshot(page, '6-gitlab-quality-tab');

  await qualityTabExtras({ page, base, guestToken, check, screenshot });
  await campaignsInBrowser({ page, base, guestToken, check, screenshot });

  check(
    'no uncaught error in the page',
    pageErrors.length === 0,
    pageErrors.slice(0, 3),
  );
  check(
    'no API request of the pages failed',
    failedRequests.length === 0,
    failedRequests.slice(0, 5),
  );
  return { component };
}

async function stopEverything() {
  for (const s of started) {
    try {
      await s.kill();
    } catch {
      // already gone
    }
  }
  await sleep(1500);
  for (const s of started) {
    try {
      if (s.forceKill) s.forceKill();
    } catch {
      // already gone
    }
  }
}

async function main() {
  const t0 = Date.now();
  process.on('unhandledRejection', async e => {
    check('no unhandled rejection', false, String(e && e.message));
    await stopEverything();
    process.exit(1);
  });
  const timer = setTimeout(async () => {
    check(`finished within ${deadline / 1000} s`, false);
    await stopEverything();
    process.exit(1);
  }, deadline);
  let result = {};
  try {
    result = await run();
  } catch (e) {
    check('the run completed', false, e.message);
    if (currentPage) await screenshot(currentPage, 'failure').catch(() => {});
    if (failedRequestsOf.length)
      log(`failed API requests: ${failedRequestsOf.join(', ')}`);
    console.error(backendLog.split('\n').slice(-30).join('\n'));
  } finally {
    clearTimeout(timer);
    await stopEverything();
  }
  const failed = checks.filter(c => !c.ok);
  const summary = {
    ok: failed.length === 0,
    component: result.component,
    passed: checks.length - failed.length,
    failed: failed.length,
    timings: { ...timings, totalMs: Date.now() - t0 },
    screenshots,
    checks,
  };
  console.log(JSON.stringify(summary, null, 2));
  process.exit(summary.ok ? 0 : 1);
}

main();
