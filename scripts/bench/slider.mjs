// In-page measurements of the pruning-threshold slider. Drags: input events set as a drag sets them
// (back to back, or every animation frame), the time until the Results table's figures are exact
// again. Discrete steps at a person's pace, with real input (Playwright's keyboard and mouse, so
// the browser moves the slider itself): arrow keys on the focused slider, clicks on its track, and
// values typed into Threshold value and committed with Enter. Those are timed inside the page, from
// the input event's timeStamp (a capture listener on document) to the DOM mutation that shows the
// step's figures (the Sparsity and Accuracy readouts and the Applied threshold beside the slider
// change in one render), in performance.now() time.
import { STEP_INTERVAL_MS, TYPE_DELAY_MS, TYPED_PAUSE_MS } from './config.mjs';
import { longTasksBetween, now } from './page.mjs';
import { quantile } from './print.mjs';

/** Sets the slider as a drag would (native setter + input event) and times until the page shows it. */
export async function sliderLatencies(page, steps) {
  const handle = await page.getByRole('slider', { name: 'Pruning threshold' }).elementHandle();
  return page.evaluate(
    async ([slider, steps]) => {
      const applied = document.querySelector('output[aria-label="Applied threshold"]');
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the native setter, called as setter.call(slider, value)
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const times = [];
      for (let i = 0; i < steps; i++) {
        // 0.001 … 0.300, never the same twice in a row, exact on the slider's 0.001 grid.
        const value = (((i * 37) % 300) / 1000 + 0.001).toFixed(3);
        const shown = new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`threshold ${value} never reached the page`)), 20_000);
          const observer = new MutationObserver(() => {
            if (Number(applied.textContent) === Number(value)) {
              observer.disconnect();
              clearTimeout(timer);
              resolve(performance.now());
            }
          });
          observer.observe(applied, { childList: true, characterData: true, subtree: true });
        });
        const t0 = performance.now();
        setter.call(slider, value);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        times.push((await shown) - t0);
      }
      return times;
    },
    [handle, steps],
  );
}

/** Moves the slider every animation frame for `ms` and records long tasks (> 50 ms). */
export async function dragLongTasks(page, ms) {
  const handle = await page.getByRole('slider', { name: 'Pruning threshold' }).elementHandle();
  return page.evaluate(
    async ([slider, ms]) => {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the native setter, called as setter.call(slider, value)
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const entries = [];
      const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
      observer.observe({ type: 'longtask' });
      const start = performance.now();
      let frames = 0;
      await new Promise((resolve) => {
        const frame = (now) => {
          const t = now - start;
          setter.call(slider, String((0.15 + 0.14 * Math.sin(t / 200)).toFixed(3)));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          frames++;
          if (t < ms) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      const end = performance.now();
      await new Promise((r) => setTimeout(r, 100)); // entries arrive after their task ends
      observer.disconnect();
      // Only tasks that began while the slider was moving: the charts catch up once it rests.
      const long = entries.filter((e) => e.startTime < end).map((e) => e.duration);
      return { long, frames, seconds: (end - start) / 1000 };
    },
    [handle, ms],
  );
}

/**
 * From a slider step on the trained MNIST page until the Results table says its figures are exact
 * again: the estimate shows first (sliderLatencies), the exact count follows once the slider rests.
 */
export async function exactLatencies(page, values) {
  const handle = await page.getByRole('slider', { name: 'Pruning threshold' }).elementHandle();
  return page.evaluate(
    async ([slider, values]) => {
      const precision = () => document.querySelector('[aria-label="Results precision"]')?.textContent ?? '';
      // eslint-disable-next-line @typescript-eslint/unbound-method -- the native setter, called as setter.call(slider, value)
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const times = [];
      for (const value of values) {
        const t0 = performance.now();
        setter.call(slider, value);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        // Leaves "Exact" first (the estimate), then comes back to it.
        let left = false;
        for (;;) {
          await new Promise((r) => setTimeout(r, 10));
          const exact = precision().startsWith('Exact');
          if (!exact) left = true;
          else if (left) break;
          if (performance.now() - t0 > 60_000) throw new Error(`no exact figures for ${value} within a minute`);
        }
        times.push(performance.now() - t0);
      }
      return times;
    },
    [handle, values],
  );
}

/** Installs the in-page record of step events and of what the readouts showed, in performance.now() time. */
async function startRecord(page) {
  const slider = await page.getByRole('slider', { name: 'Pruning threshold', exact: true }).elementHandle();
  const field = await page.getByRole('spinbutton', { name: 'Threshold value', exact: true }).elementHandle();
  await page.evaluate(
    ([slider, field]) => {
      const q = (name) => document.querySelector(`output[aria-label="${name}"]`);
      const applied = () => q('Applied threshold')?.textContent ?? null;
      const rec = { slider, events: [], shows: [], listeners: [], observer: null };
      const on = (type, fn) => {
        document.addEventListener(type, fn, true);
        rec.listeners.push([type, fn]);
      };
      // A step starts at the input event's timeStamp; its value is what the slider holds after it
      // (the browser moves it in the same task: `input` follows keydown and pointerdown), or the typed text.
      on('keydown', (e) => {
        if (e.target === slider && e.key.startsWith('Arrow'))
          rec.events.push({ kind: 'key', t: e.timeStamp, value: null, before: applied() });
        if (e.target === field && e.key === 'Enter')
          rec.events.push({ kind: 'typed', t: e.timeStamp, value: field.value, before: applied() });
      });
      on('pointerdown', (e) => {
        if (e.target === slider) rec.events.push({ kind: 'click', t: e.timeStamp, value: null, before: applied() });
      });
      on('input', (e) => {
        const last = rec.events[rec.events.length - 1];
        if (e.target === slider && last && last.value === null) last.value = slider.value;
      });
      let shown = '';
      const observe = () => {
        const key = [applied(), q('Sparsity')?.textContent, q('Accuracy')?.textContent].join('|');
        if (key === shown) return;
        shown = key;
        const show = { t: performance.now(), applied: applied(), frame: null };
        rec.shows.push(show);
        requestAnimationFrame(() => (show.frame = performance.now()));
      };
      rec.observer = new MutationObserver(observe);
      // The two readouts, and the Prune fieldset that holds the Applied threshold (it may be re-created).
      for (const node of [q('Sparsity'), q('Accuracy'), slider.closest('fieldset')])
        if (node) rec.observer.observe(node, { childList: true, characterData: true, subtree: true });
      observe();
      window.__benchSteps = rec;
    },
    [slider, field],
  );
}

/** Waits until nothing new has shown for `quietMs` (at most `maxMs`), then stops the record and returns it. */
async function stopRecord(page, quietMs = 1000, maxMs = 15_000) {
  return page.evaluate(
    async ([quietMs, maxMs]) => {
      const rec = window.__benchSteps;
      const start = performance.now();
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        const last = Math.max(rec.shows.at(-1)?.t ?? 0, rec.events.at(-1)?.t ?? 0);
        if (performance.now() - last > quietMs || performance.now() - start > maxMs) break;
      }
      rec.observer.disconnect();
      for (const [type, fn] of rec.listeners) document.removeEventListener(type, fn, true);
      const applied = document.querySelector('output[aria-label="Applied threshold"]')?.textContent ?? null;
      return { events: rec.events, shows: rec.shows, final: { slider: rec.slider.value, applied } };
    },
    [quietMs, maxMs],
  );
}

/**
 * Per step: the first time the readouts showed its value after its event (DOM change, and the next
 * animation frame); lost when they never did. A step that did not change the value is not counted.
 */
function summarise(kind, record) {
  const same = (a, b) => a !== null && b !== null && Number(a) === Number(b);
  const steps = record.events.filter((e) => e.kind === kind && e.value !== null && !same(e.value, e.before));
  const latencies = [];
  const frames = [];
  let lost = 0;
  for (const step of steps) {
    const show = record.shows.find((s) => s.t >= step.t && same(s.applied, step.value));
    if (!show) lost++;
    else {
      latencies.push(show.t - step.t);
      if (show.frame !== null) frames.push(show.frame - step.t);
    }
  }
  const gaps = steps.slice(1).map((s, i) => s.t - steps[i].t);
  return {
    kind,
    steps: steps.length,
    unchanged: record.events.filter((e) => e.kind === kind).length - steps.length,
    median: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    max: latencies.length ? Math.max(...latencies) : NaN,
    frameMedian: quantile(frames, 0.5),
    lost,
    pace: quantile(gaps, 0.5),
    finalMatches: same(record.final.slider, record.final.applied),
    final: record.final,
  };
}

/** Runs `drive` (which sends the steps) under a record, and summarises steps of `kind` with the long tasks meanwhile. */
async function measureSteps(page, kind, drive) {
  await startRecord(page);
  const from = await now(page);
  await drive();
  const record = await stopRecord(page);
  const to = await now(page);
  return { ...summarise(kind, record), long: await longTasksBetween(page, from, to) };
}

/** Sends `count` actions on a fixed schedule (`interval` ms apart; a late one does not push the rest back). */
async function paced(count, interval, act) {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await act(i);
  }
}

/** Arrow-key presses on the focused slider, 4 a second: `count` to the right, then as many back. */
export async function keySteps(page, count) {
  const slider = page.getByRole('slider', { name: 'Pruning threshold', exact: true });
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  const half = Math.ceil(count / 2);
  return measureSteps(page, 'key', () =>
    paced(count, STEP_INTERVAL_MS, (i) => page.keyboard.press(i < half ? 'ArrowRight' : 'ArrowLeft')),
  );
}

/** Clicks at points along the slider's track, 4 a second, each far from the last. */
export async function clickSteps(page, count) {
  const slider = page.getByRole('slider', { name: 'Pruning threshold', exact: true });
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const inset = Math.min(10, box.width / 10); // the thumb's half width: the track's ends
  return measureSteps(page, 'click', () =>
    paced(count, STEP_INTERVAL_MS, (i) => {
      const fraction = 0.08 + ((i * 0.37) % 0.8); // 0.08, 0.45, 0.82, 0.39, …: never near the last
      return page.mouse.click(box.x + inset + fraction * (box.width - 2 * inset), box.y + box.height / 2);
    }),
  );
}

/** Values typed into Threshold value at a person's pace (a key every TYPE_DELAY_MS), each committed with Enter. */
export async function typedSteps(page, values) {
  const field = page.getByRole('spinbutton', { name: 'Threshold value', exact: true });
  await field.scrollIntoViewIfNeeded();
  return measureSteps(page, 'typed', async () => {
    for (const value of values) {
      await field.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value, { delay: TYPE_DELAY_MS });
      await page.waitForTimeout(TYPE_DELAY_MS);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(TYPED_PAUSE_MS);
    }
  });
}

/** `count` thresholds on the slider's 0.001 grid, spread over [0.02, 0.8 × max], none twice. */
export function typedValues(count, max) {
  return Array.from({ length: count }, (_, i) => (0.02 + ((i * 0.37) % 0.78) * max).toFixed(3));
}
