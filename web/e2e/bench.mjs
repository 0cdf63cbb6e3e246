// The speed bench in headless Chromium (run by `cargo xtask bench-web`, which generates the set and
// serves it): RUNS fresh page loads of STRATA_BENCH_URL; each reads the app's own timings
// (window.__strata) and then moves B back MOVES times with ArrowLeft, reading lastRedrawMs and
// timing, in the page, from the key event to the second animation frame after it (by then the
// frame showing the move has been drawn). Prints one JSON line: every sample, for xtask to take medians of.

import { launch, ready } from './lib.mjs';

const URL_ = process.env.STRATA_BENCH_URL;
if (!URL_) throw new Error('STRATA_BENCH_URL is not set: run this through `cargo xtask bench-web`');
const RUNS = Number(process.env.STRATA_BENCH_RUNS || 3);
const MOVES = Number(process.env.STRATA_BENCH_MOVES || 10);
const REV = '[data-testid=timeline] [data-testid=rev]';

const browser = await launch();
const samples = { loadMs: [], simulateMs: [], layoutMs: [], firstRenderMs: [], readyMs: [], redrawMs: [], keyToFrameMs: [], tables: 0, revisions: 0 };
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(URL_);
  await ready(page, 120000);
  samples.readyMs.push(Date.now() - started);
  const t = await page.evaluate(() => ({ ...window.__strata }));
  for (const k of ['loadMs', 'simulateMs', 'layoutMs', 'firstRenderMs']) samples[k].push(t[k]);
  samples.tables = t.tables;
  samples.revisions = t.revisions;
  // Start from head with the keyboard on the timeline.
  const last = (await page.$$(REV)).length - 1;
  await page.locator(`${REV}[data-pos="${last}"]`).click();
  await page.waitForSelector(`${REV}[data-pos="${last}"][aria-selected="true"]`);
  for (let m = 1; m <= MOVES; m++) {
    await page.evaluate(() => {
      window.__benchFrame = new Promise((resolve) => {
        const onKey = () => {
          const t0 = performance.now();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        };
        window.addEventListener('keydown', onKey, { once: true, capture: true });
      });
    });
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector(`${REV}[data-pos="${last - m}"][aria-selected="true"]`, { timeout: 10000 });
    samples.keyToFrameMs.push(await page.evaluate(() => window.__benchFrame));
    samples.redrawMs.push(await page.evaluate(() => window.__strata.lastRedrawMs));
  }
  await context.close();
}
await browser.close();
console.log(JSON.stringify(samples));
