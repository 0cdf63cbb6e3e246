// End-to-end tests of the web app in headless Chromium, against the DOM contract
// (notes: data-testid names). Run by `cargo xtask e2e`, which builds dist/, starts `strata serve`
// on the bundled example and on the broken set, and passes their URLs in the environment:
//   STRATA_E2E_EXAMPLE_URL  strata serve migrations/alembic-support
//   STRATA_E2E_BROKEN_URL   strata serve migrations/broken-postgres
//   STRATA_E2E_LIVE_URL     strata serve STRATA_E2E_LIVE_DIR, a scratch folder this test edits
//   STRATA_E2E_DIST         the bundle, also served here as plain static files (no set)
//   STRATA_E2E_TABLES       JSON array: the example's tables at head (from `strata schema --format json`)
//   STRATA_E2E_OUT          where screenshots go (web/test-output)
// Each step prints `ok` or `FAIL` with the reason and a screenshot; the exit code is 1 if any failed.

import fs from 'node:fs';
import path from 'node:path';
import { launch, ready, staticServer, storedZip } from './lib.mjs';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through \`cargo xtask e2e\``);
  return v;
};
const EXAMPLE = env('STRATA_E2E_EXAMPLE_URL');
const BROKEN = env('STRATA_E2E_BROKEN_URL');
const LIVE = env('STRATA_E2E_LIVE_URL');
const LIVE_DIR = env('STRATA_E2E_LIVE_DIR');
const TABLES = JSON.parse(env('STRATA_E2E_TABLES'));
const OUT = env('STRATA_E2E_OUT');
// Screenshots of an earlier run would pass for this one's.
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });

const browser = await launch();
const statics = await staticServer(env('STRATA_E2E_DIST'));
const errors = [];
/** The page the running step works on: screenshotted when the step fails. */
let current;

/** A page in a fresh context with clipboard access, recording uncaught errors. */
async function open(url, origin = url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(origin).origin });
  const page = await context.newPage();
  current = page;
  page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  page.on('console', (m) => {
    // A 404 for /_strata/set.json is how the app learns it is on a static host; browsers ask
    // for a favicon on their own.
    const expected = /\/_strata\/|favicon\.ico$/.test(m.location().url || '');
    if (m.type() === 'error' && !expected) errors.push(`${url}: console: ${m.text()} (${m.location().url})`);
  });
  await page.goto(url);
  return page;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `probe` (async) until it returns a truthy value; fails with `what` after `ms`. */
async function until(probe, what, ms = 10000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

const REV = '[data-testid=timeline] [data-testid=rev]';
const selected = (page) => page.$eval(`${REV}[aria-selected="true"]`, (e) => Number(e.dataset.pos));
const revCount = (page) => page.$$eval(REV, (es) => es.length);
const range = (page) => page.$$eval(`${REV}[data-range="1"]`, (es) => es.map((e) => Number(e.dataset.pos)));
const statuses = (page) =>
  page.$$eval('[data-testid=graph] [data-testid=table]', (es) => Object.fromEntries(es.map((e) => [e.dataset.table, e.dataset.status])));
const tableItems = (page) => page.$$eval('[data-testid=table-list] [data-testid=table-item]', (es) => es.map((e) => e.textContent.trim()));
/** The SQL pane's text once it is computed for the view shown (it says `data-state=computing` until then). */
const sqlText = async (page) => {
  const h = await page.waitForFunction(() => {
    const e = document.querySelector('[data-testid=sql]');
    return e && e.dataset.state === 'ready' ? { text: e.textContent } : false;
  }, null, { timeout: 30000 });
  return (await h.jsonValue()).text;
};
const rev = (page, pos) => page.locator(`${REV}[data-pos="${pos}"]`);

/** Brings the panel section `id` (diff, sql, diagnostics, share) into view through its tab. */
async function show(page, id) {
  const tab = page.locator(`[data-testid=tab-${id}]`);
  if (await tab.count()) await tab.click();
}

/** B := pos by clicking; A := pos by Shift+click. */
async function setB(page, pos) {
  await rev(page, pos).click();
  await until(async () => (await selected(page)) === pos, `B at position ${pos}`);
}
async function setA(page, pos) {
  await rev(page, pos).click({ modifiers: ['Shift'] });
}

const results = [];
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    const page = current && !current.isClosed() ? current : example;
    if (page && !page.isClosed()) await shoot(page, `FAIL-${slug}`).catch(() => {});
  }
}

/** Saves a screenshot of `page` into OUT. */
async function shoot(page, name) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

/** B moved to the last of `n` positions; every table of `tables` is listed and drawn, not dropped. */
async function checkTablesAtHead(page, n, tables) {
  await setB(page, n - 1);
  const items = await tableItems(page);
  const inGraph = await statuses(page);
  for (const t of tables) {
    check(items.some((i) => i === t || i.startsWith(t)), `table-list lacks "${t}" (has ${items.join(', ')})`);
    check(t in inGraph && inGraph[t] !== 'dropped', `graph lacks table "${t}"`);
  }
}

let example;
await step('the example loads through strata serve and names every table at head as text', async () => {
  example = await open(EXAMPLE);
  await ready(example);
  const summary = await example.textContent('[data-testid=set-summary]');
  check(/alembic-support/.test(summary), `set-summary says "${summary}"`);
  const n = await revCount(example);
  check(n >= 2, `timeline has ${n} positions`);
  await checkTablesAtHead(example, n, TABLES);
  for (const t of TABLES) {
    const text = await example.$eval(`[data-testid=graph] [data-testid=table][data-table="${t}"]`, (g) => g.textContent);
    check(text.includes(t), `graph box of "${t}" does not show its name`);
  }
  const timings = await example.evaluate(() => window.__strata);
  // `tables` counts every table the layout holds (those dropped before head too).
  check(timings && typeof timings.loadMs === 'number' && timings.tables >= TABLES.length, `window.__strata is ${JSON.stringify(timings)}`);
  await shoot(example, 'example-head');
});

await step('scrubbing the timeline moves B and changes the statuses', async () => {
  const n = await revCount(example);
  await setB(example, n - 1);
  await setA(example, 0);
  await until(async () => (await range(example)).length >= n - 1, 'range base..head highlighted');
  const full = await statuses(example);
  check(TABLES.every((t) => full[t] === 'added'), `from base every table at head is added: ${JSON.stringify(full)}`);
  await example.keyboard.press('ArrowLeft');
  await until(async () => (await selected(example)) === n - 2, 'ArrowLeft to move B back one');
  await example.keyboard.press('ArrowRight');
  await until(async () => (await selected(example)) === n - 1, 'ArrowRight to move B forward');
  const middle = Math.floor(n / 2);
  await setB(example, middle);
  await setA(example, middle);
  const same = await statuses(example);
  check(Object.values(same).every((s) => s === 'same'), `A = B: every status is same: ${JSON.stringify(same)}`);
  await setB(example, n - 1);
  const moved = await until(async () => {
    const s = await statuses(example);
    return Object.values(s).some((v) => v !== 'same') && s;
  }, 'a status other than same once B moves past A');
  await shoot(example, 'example-range');
  check(JSON.stringify(moved) !== JSON.stringify(same), 'statuses changed');
});

await step('the diff lists what changed in A..B', async () => {
  const n = await revCount(example);
  await setB(example, n - 1);
  await setA(example, Math.max(0, n - 4));
  await show(example, 'diff');
  const items = await until(async () => {
    const got = await example.$$eval('[data-testid=diff] [data-testid=diff-item]', (es) => es.map((e) => [e.dataset.kind, e.dataset.action, e.textContent.trim()]));
    return got.length > 0 && got;
  }, 'diff items');
  for (const [kind, action, text] of items) {
    check(['table', 'column', 'constraint', 'index'].includes(kind), `diff-item kind "${kind}"`);
    check(['added', 'dropped', 'changed'].includes(action), `diff-item action "${action}"`);
    check(text.length > 0, 'diff-item with no text');
  }
  await example.locator('[data-testid=diff]').scrollIntoViewIfNeeded();
  await shoot(example, 'example-diff');
  // The README's picture: the last revisions under review, one table open in the detail.
  const item = example.locator('[data-testid=table-list] [data-testid=table-item]', { hasText: 'tickets' }).first();
  await item.click();
  await until(async () => (await example.textContent('[data-testid=table-detail]')).includes('tickets'), 'the detail of tickets');
  await show(example, 'table');
  await shoot(example, 'example');
});

await step('the SQL follows the dialect and copies to the clipboard', async () => {
  const n = await revCount(example);
  await setB(example, n - 1);
  await setA(example, 0);
  await show(example, 'sql');
  await example.selectOption('[data-testid=dialect]', 'postgres');
  const pg = await until(async () => (await sqlText(example)).includes('CREATE TABLE') && sqlText(example), 'CREATE TABLE in the base..head SQL');
  check(TABLES.every((t) => pg.includes(t)), 'the base..head SQL creates every table');
  await example.selectOption('[data-testid=dialect]', 'mysql');
  const my = await until(async () => {
    const t = await sqlText(example);
    return t !== pg && t.includes('CREATE TABLE') && t;
  }, 'the SQL to change with the dialect');
  check(my.includes('`') || /ENGINE|AUTO_INCREMENT/i.test(my), 'MySQL SQL looks like MySQL');
  await example.click('[data-testid=copy-sql]');
  const copied = await until(() => example.evaluate(() => navigator.clipboard.readText()), 'clipboard text');
  check(copied.trim() === my.trim(), 'the clipboard holds the SQL shown');
  const [download] = await Promise.all([example.waitForEvent('download'), example.click('[data-testid=download-sql]')]);
  const file = path.join(OUT, 'download.sql');
  await download.saveAs(file);
  check(download.suggestedFilename().endsWith('.sql'), `download named ${download.suggestedFilename()}`);
  check(fs.readFileSync(file, 'utf8').includes('CREATE TABLE'), 'downloaded SQL has CREATE TABLE');
  await example.selectOption('[data-testid=dialect]', 'postgres');
});

await step('a share link reopens the same view on a static host without the set', async () => {
  const n = await revCount(example);
  await setB(example, n - 2);
  await setA(example, 1);
  await show(example, 'sql');
  await example.selectOption('[data-testid=dialect]', 'sqlite');
  await ready(example);
  await show(example, 'share');
  // Links to big sets are made on request.
  const make = example.locator('[data-testid=share-make]');
  if (await make.count()) await make.click();
  const url = await until(async () => {
    const u = await example.inputValue('[data-testid=share-url]');
    return u.includes('#s1.') && u;
  }, 'share-url with an s1. fragment');
  const size = await example.textContent('[data-testid=share-size]');
  check(/\d/.test(size), `share-size says "${size}"`);
  const view = async (page) => ({
    selected: await selected(page),
    range: await range(page),
    dialect: await page.inputValue('[data-testid=dialect]'),
    tables: await tableItems(page),
    sql: await sqlText(page),
  });
  await until(async () => (await sqlText(example)).length > 0, 'SQL');
  const before = await view(example);
  const fragment = url.slice(url.indexOf('#'));
  const reopened = await open(statics.url + fragment, statics.url);
  await ready(reopened);
  const after = await view(reopened);
  check(JSON.stringify(after) === JSON.stringify(before), `view differs:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`);
  await shoot(reopened, 'share-reopened');
  await reopened.context().close();
  await show(example, 'sql');
  await example.selectOption('[data-testid=dialect]', 'postgres');
});

await step('the broken set lists its diagnostics and highlights the span in the source', async () => {
  const page = await open(BROKEN);
  await ready(page);
  await show(page, 'diagnostics');
  const diags = await page.$$eval('[data-testid=diagnostics] [data-testid=diagnostic]', (es) => es.map((e) => [e.dataset.severity, e.textContent]));
  check(diags.filter(([s]) => s === 'error').length >= 5, `expected at least 5 errors, got ${JSON.stringify(diags)}`);
  check(diags.some(([, t]) => t.includes('archived_at')), 'the unknown-column error is listed');
  await page.locator('[data-testid=diagnostics] [data-testid=diagnostic]').first().click();
  const mark = await until(() => page.$eval('[data-testid=source] mark', (m) => m.textContent).catch(() => ''), 'a <mark> in the source');
  check(mark.trim().length > 0, 'the highlighted span is empty');
  await shoot(page, 'broken');
  await page.context().close();
});

await step('a page served by strata serve reloads when a file of the folder changes', async () => {
  const page = await open(LIVE);
  await ready(page);
  check((await tableItems(page)).some((t) => t.startsWith('live_first')), 'live_first listed');
  const before = await revCount(page);
  fs.writeFileSync(path.join(LIVE_DIR, '002_more.sql'), 'CREATE TABLE live_added (id int PRIMARY KEY);\n');
  // The reload keeps the selected revisions, so the new one appears in the timeline; select it.
  await until(async () => (await revCount(page)) === before + 1, 'a new revision after the file was written');
  await setB(page, before);
  await until(async () => (await tableItems(page)).some((t) => t.startsWith('live_added')), 'live_added listed at the new head');
  await page.context().close();
});

await step('the start screen loads the bundled example', async () => {
  const page = await open(statics.url);
  await page.waitForSelector('[data-testid=load-example]');
  check((await page.getAttribute('body', 'data-ready')) !== '1', 'ready before anything was loaded');
  await shoot(page, 'start');
  await page.click('[data-testid=load-example]');
  await ready(page);
  check(/alembic-support/.test(await page.textContent('[data-testid=set-summary]')), 'set-summary names the example');
  await page.context().close();
});

await step('the start screen loads pasted SQL', async () => {
  const page = await open(statics.url);
  await page.fill('[data-testid=paste-text]', 'CREATE TABLE pasted_users (id int PRIMARY KEY, email text NOT NULL);\n');
  await page.click('[data-testid=paste-load]');
  await ready(page);
  check((await tableItems(page)).some((t) => t.startsWith('pasted_users')), 'pasted_users listed');
  await page.context().close();
});

/**
 * Drops `files` ([name, Buffer] pairs) on the page as a user dropping files from the desktop
 * would: a DataTransfer holding Files, `dragover` then `drop`, on the body (the app listens on
 * the window, the whole page being the drop zone).
 */
async function dropFiles(page, files) {
  const payload = files.map(([name, data]) => [name, data.toString('base64')]);
  await page.evaluate((payload) => {
    const dt = new DataTransfer();
    for (const [name, b64] of payload) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, payload);
}

const NUMBERED = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../migrations/sqlite-numbered');
const numbered = fs.readdirSync(NUMBERED).filter((n) => n.endsWith('.sql')).sort();

/** At head: the set loaded with `revisions` revisions and every table of `tables` listed and drawn. */
async function checkDropped(page, summaryPattern, revisions, tables) {
  await ready(page);
  const summary = await page.textContent('[data-testid=set-summary]');
  check(summaryPattern.test(summary), `set-summary says "${summary}"`);
  check(summary.includes(`${revisions} revisions`), `set-summary says "${summary}", expected ${revisions} revisions`);
  const n = await revCount(page);
  check(n === revisions + 1, `timeline has ${n} positions, expected ${revisions + 1}`);
  await checkTablesAtHead(page, n, tables);
}

await step('a .zip dropped on the start screen loads the set inside it', async () => {
  const page = await open(statics.url);
  await page.waitForSelector('[data-testid=load-example]');
  // As `zip -r` makes it: a top folder (with its own directory entry) holding the migrations.
  const zip = storedZip([
    ['sqlite-numbered/', Buffer.alloc(0)],
    ...numbered.map((n) => [`sqlite-numbered/${n}`, fs.readFileSync(path.join(NUMBERED, n))]),
  ]);
  fs.writeFileSync(path.join(OUT, 'sqlite-numbered.zip'), zip);
  await dropFiles(page, [['sqlite-numbered.zip', zip]]);
  // The folder name comes from the zip and says the dialect; 012 renamed activity_logs.
  await checkDropped(page, /sqlite-numbered.*sqlite/, numbered.length, ['users', 'agents', 'messages', 'tasks', 'audit_events']);
  check(!(await tableItems(page)).some((t) => t.startsWith('activity_logs')), 'activity_logs still listed after its rename');
  await shoot(page, 'dropped-zip');
  await page.context().close();
});

await step('plain .sql files dropped on the start screen load as a set', async () => {
  const page = await open(statics.url);
  await page.waitForSelector('[data-testid=load-example]');
  const first = numbered.slice(0, 4);
  await dropFiles(page, first.map((n) => [n, fs.readFileSync(path.join(NUMBERED, n))]));
  await checkDropped(page, /./, first.length, ['users', 'profiles', 'sessions', 'agents', 'capabilities', 'conversations', 'messages', 'tasks']);
  const items = await tableItems(page);
  check(!items.some((t) => t.startsWith('workflow_boards')), `a table of a file not dropped is listed: ${items.join(', ')}`);
  await page.context().close();
});

await step('picked files with HTML in a table name show it as text', async () => {
  const page = await open(statics.url);
  const evil = '<img src=x onerror="window.__xss=1">';
  const sql = `CREATE TABLE "${evil.replaceAll('"', '""')}" (id int PRIMARY KEY, "<b>col</b>" int);\nCREATE TABLE plain (id int);\n`;
  await page.setInputFiles('[data-testid=file-input]', [{ name: '001_init.sql', mimeType: 'text/plain', buffer: Buffer.from(sql) }]);
  await ready(page);
  check((await tableItems(page)).some((t) => t.startsWith(evil)), `the table list shows the name as text: ${JSON.stringify(await tableItems(page))}`);
  const graphText = await page.$eval('[data-testid=graph]', (g) => g.textContent);
  check(graphText.includes(evil) && graphText.includes('<b>col</b>'), 'the graph shows the names as text');
  check((await page.$$('[data-testid=graph] img, [data-testid=table-list] img, [data-testid=graph] b')).length === 0, 'markup from a name was parsed');
  check((await page.evaluate(() => window.__xss)) === undefined, 'script from a name ran');
  await shoot(page, 'html-names');
  await page.context().close();
});

await step('no uncaught errors or panics in any page', async () => {
  check(errors.length === 0, errors.join('\n'));
});

await browser.close();
statics.close();
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed; screenshots in ${OUT}`);
process.exit(failed ? 1 : 0);
