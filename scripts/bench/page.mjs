// Serving the build, and opening and driving the page the way a person does (by role and name, as ui-contract.md names
// things), plus the main-thread long-task record every journey reads from.
import { startPreview } from '../lib/preview.mjs';
import { BASE, DIST, PORT } from './config.mjs';

/** The production build served by vite preview for the benchmark's pages: dist/, or BENCH_DIST. */
export function startServer() {
  return startPreview(PORT, DIST);
}

/**
 * Runs in the page before its own scripts: every main-thread long task (> 50 ms) from the start,
 * as { start, ms } in performance.now() time. `buffered` also delivers tasks from before the
 * observer existed, should the page's scripts have started first.
 */
function recordLongTasks() {
  const tasks = [];
  Object.defineProperty(window, '__benchLongTasks', { value: tasks });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task timing in this browser: every count reads 0
  }
}

export const viewportName = ({ width, height }) => `${width}×${height}`;

/** A new page at `viewport`, the long-task record installed, at the site (with `?bench`: the harness). */
export async function openPage(browser, { viewport, bench = false }) {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(recordLongTasks);
  await page.goto(bench ? `${BASE}?bench` : BASE);
  if (bench) await page.waitForFunction(() => 'pruningLabBench' in window, null, { timeout: 60_000 });
  await waitStatus(page, /^Ready$/, 120_000);
  return page;
}

export function status(page) {
  return page.getByRole('status', { name: 'Status', exact: true });
}

export async function waitStatus(page, text, timeout = 600_000) {
  await status(page).filter({ hasText: text }).waitFor({ timeout });
}

/** The text of `<output aria-label=name>`, or null when the page has none. */
export function outputText(page, name) {
  return page.evaluate((n) => document.querySelector(`output[aria-label="${n}"]`)?.textContent ?? null, name);
}

/**
 * Does `action` (a choice that builds a new session) and waits until the new session is ready:
 * Status leaves Ready ("Starting…" while the old session goes and the data load) and comes back to
 * it. When the new session is built within the same render (a generated data set on a backend that
 * is already up), Status never leaves Ready: then Ready 1.5 s after the action will do.
 */
async function newSession(page, action, timeout) {
  await page.evaluate(() => {
    const watch = { left: false, since: performance.now(), observer: null };
    const status = () => document.querySelector('output[aria-label="Status"]')?.textContent;
    watch.observer = new MutationObserver(() => {
      if (status() !== 'Ready') watch.left = true;
    });
    watch.observer.observe(document.body, { childList: true, characterData: true, subtree: true });
    window.__benchSession = watch;
  });
  await action();
  await page.waitForFunction(
    () => {
      const watch = window.__benchSession;
      const ready = document.querySelector('output[aria-label="Status"]')?.textContent === 'Ready';
      if (!ready || !(watch.left || performance.now() - watch.since > 1500)) return false;
      watch.observer.disconnect();
      return true;
    },
    null,
    { timeout, polling: 50 },
  );
}

/** Makes `backend` the page's backend (through its Backend combobox) and waits for its session. */
export async function chooseBackend(page, backend) {
  const select = page.getByRole('combobox', { name: 'Backend', exact: true });
  if ((await select.inputValue()) !== backend) await newSession(page, () => select.selectOption(backend), 120_000);
  await page.waitForFunction(
    (b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b),
    backend,
    { timeout: 60_000 },
  );
}

/** Chooses data set `id` (the option's value) and waits until its session is ready (MNIST downloads first). */
export async function chooseDataset(page, id) {
  const select = page.getByRole('combobox', { name: 'Dataset', exact: true });
  if ((await select.inputValue()) !== id) await newSession(page, () => select.selectOption(id), 300_000);
}

/** The options of the Dataset combobox: [{ id, label }]. */
export function datasetOptions(page) {
  return page
    .getByRole('combobox', { name: 'Dataset', exact: true })
    .locator('option')
    .evaluateAll((options) => options.map((o) => ({ id: o.value, label: o.textContent.trim() })));
}

/** Types `value` into the spinbutton `name` and presses Enter, as a person commits a field. */
export async function setField(page, name, value) {
  const field = page.getByRole('spinbutton', { name, exact: true });
  await field.fill(String(value));
  await field.press('Enter');
}

/** Where the figures of a row were taken: backend asked for, Backend readout, viewport, engine location. */
export async function describeRow(page, backend) {
  return {
    backend,
    renderer: (await outputText(page, 'Backend')) ?? '—',
    viewport: viewportName(page.viewportSize()),
    // The page says where its engine runs once it can run in a Web Worker; before that, it is this thread.
    engine: (await outputText(page, 'Engine')) ?? 'main thread',
  };
}

/** Clicks Train and waits until training is over (Status Ready again). */
export async function train(page, timeout = 600_000) {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitStatus(page, /^Training…$/, 60_000);
  await waitStatus(page, /^Ready$/, timeout);
}

/** performance.now() in the page. */
export function now(page) {
  return page.evaluate(() => performance.now());
}

/** Long tasks (> 50 ms) that began between `from` and `to` (page time): { count, max, all }. */
export async function longTasksBetween(page, from, to) {
  await page.waitForTimeout(100); // an entry arrives after its task ends
  const all = await page.evaluate(
    ([a, b]) => window.__benchLongTasks.filter((t) => t.start >= a && t.start < b).map((t) => t.ms),
    [from, to],
  );
  return { count: all.length, max: all.length ? Math.max(...all) : 0, all };
}

export const longText = (l) => `${l.count} (${Math.round(l.max)})`;
