// In-page measurements of the pruning-threshold slider: step latency, long tasks while dragging,
// and the time until the Results table's figures are exact again.
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
