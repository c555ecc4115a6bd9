// Journey 1: the Pruning threshold slider on the seed replica (the page's default data set), the
// full page at a given viewport with every figure on it. Trained with the page's defaults, then:
// drags (input events back to back, and every animation frame for 3 s), arrow keys, clicks on the
// track and typed values at a person's pace; next to the bare masked forward pass they wrap. Then
// (BENCH_TRACE, on by default) keys and clicks again under a Chromium trace, to say what the long
// tasks were made of.
import { BARE_SAMPLES, DRAG_MS, KEY_STEPS, CLICK_STEPS, STEPS, TRACE, TYPED_STEPS } from './config.mjs';
import { chooseBackend, describeRow, longTasksBetween, now, openPage, outputText, train } from './page.mjs';
import { quantile } from './print.mjs';
import { clickSteps, dragLongTasks, keySteps, sliderLatencies, typedSteps, typedValues } from './slider.mjs';

/** The page's figures (role figure, or <figure>): how many there are, and how many are in the viewport. */
export function figuresOnPage(page) {
  return page.evaluate(() => {
    const figures = [...document.querySelectorAll('figure, [role="figure"]')];
    const inView = figures.filter((f) => {
      const r = f.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.width > 0;
    });
    return { total: figures.length, inView: inView.length };
  });
}

export async function measureSlider(browser, backend, viewport) {
  const page = await openPage(browser, { viewport, bench: true });
  try {
    await chooseBackend(page, backend);
    const row = await describeRow(page, backend);
    await train(page); // the page's defaults: 10 epochs on the seed replica
    await page.waitForSelector('output[aria-label="Applied threshold"]');
    const max = Number(await page.getByRole('slider', { name: 'Pruning threshold' }).getAttribute('max'));

    await sliderLatencies(page, 10); // warm-up: the first cuts compile the masking shaders
    await page.waitForTimeout(1000);
    const from = await now(page);
    const dragSteps = await sliderLatencies(page, STEPS);
    const stepLong = await longTasksBetween(page, from, await now(page));
    await page.waitForTimeout(1000); // the charts catch up with the last step before the drag starts
    const frames = await dragLongTasks(page, DRAG_MS);
    await page.waitForTimeout(1500);
    const figures = await figuresOnPage(page); // the slider is in view: what else is
    const drag = {
      kind: 'drag',
      steps: dragSteps.length,
      median: quantile(dragSteps, 0.5),
      p95: quantile(dragSteps, 0.95),
      lost: 0, // each input waits for its own figures before the next (sliderLatencies)
      finalMatches: null,
      long: stepLong,
      frames: {
        count: frames.long.length,
        max: frames.long.length ? Math.max(...frames.long) : 0,
        perFrame: frames.frames,
        seconds: frames.seconds,
      },
    };
    const keys = await keySteps(page, KEY_STEPS);
    await page.waitForTimeout(1000);
    const clicks = await clickSteps(page, CLICK_STEPS);
    await page.waitForTimeout(1000);
    const typed = await typedSteps(page, typedValues(TYPED_STEPS, max));
    await page.waitForTimeout(1000);
    const trace = TRACE ? await traceSteps(browser, page) : null;
    await page.waitForTimeout(1000);
    const bare = await page.evaluate(
      ([b, n]) => window.pruningLabBench.bareForward({ dataset: 'seed-replica', samples: n, backend: b }),
      [backend, BARE_SAMPLES],
    );
    const tensors = await outputText(page, 'Tensors in memory');
    return { ...row, figures, kinds: [drag, keys, clicks, typed], bare, tensors, trace };
  } finally {
    await page.close();
  }
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink', // CanvasRenderingContext2D::FinalizeFrame, MessagePort::Accept
];
/** Trace events of the renderer's own work, as DevTools names them, reported inside long tasks. */
const RENDERING = {
  'CanvasRenderingContext2D::FinalizeFrame': 'canvas 2D flush (FinalizeFrame)',
  'MessagePort::Accept': 'a message from the worker',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  Commit: 'commit',
  MinorGC: 'GC',
  MajorGC: 'GC',
};
const CANVAS = new Set(
  'stroke fill moveTo lineTo beginPath closePath arc rect fillRect strokeRect clearRect drawImage putImageData getImageData fillText strokeText save restore setTransform'.split(
    ' ',
  ),
);
const chunkName = (url) =>
  url
    .split('/')
    .pop()
    .replace(/-[\w-]{8}\.js$/, '') || url;

/**
 * What a sample was doing: its script chunk; (program), (garbage collector) or (idle); a built-in
 * (DOM, canvas) called from a chunk; or, with no chunk on the stack, Playwright's own script (the
 * benchmark finding and pressing things).
 */
function sampleName(nodes, id) {
  const frame = nodes.get(id)?.callFrame ?? {};
  if (frame.url) return chunkName(frame.url);
  if (frame.functionName?.startsWith('(')) return frame.functionName;
  const kind = CANVAS.has(frame.functionName) ? 'canvas' : 'DOM';
  for (let n = nodes.get(nodes.get(id)?.parent); n; n = nodes.get(n.parent))
    if (n.callFrame.url) return `${chunkName(n.callFrame.url)} → ${kind} built-ins`;
  return '(Playwright: the bench itself)';
}

/**
 * Where the page's main thread spent its long tasks (> 50 ms) in a Chromium trace: the sampling
 * profiler's self time by script chunk (the app's figures load as chunks named after them; Recharts
 * is in the chunk Rolldown named chartStyle) or as (program), the renderer's own work, and the
 * rendering events inside those tasks.
 */
export function longTaskProfile(trace) {
  const events = JSON.parse(trace.toString()).traceEvents;
  const threads = new Map(
    events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]),
  );
  const tasks = events.filter((e) => e.name === 'RunTask' && e.dur > 50_000);
  // The page's main thread: the renderer main thread with the most long-task time.
  const busy = new Map();
  for (const t of tasks)
    if (threads.get(`${t.pid}:${t.tid}`) === 'CrRendererMain')
      busy.set(`${t.pid}:${t.tid}`, (busy.get(`${t.pid}:${t.tid}`) ?? 0) + t.dur);
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return { tasks: 0, ms: 0, self: [], rendering: [] };
  const onMain = (e) => `${e.pid}:${e.tid}` === main;
  // A task spent mostly in V8's API interrupt callbacks is the tracer starting its profiler: not the page.
  const interrupts = events.filter((e) => e.name === 'V8.InvokeApiInterruptCallbacks' && onMain(e));
  const traced = (t) => interrupts.some((i) => i.ts >= t.ts && i.ts < t.ts + t.dur && i.dur > t.dur / 2);
  const long = tasks.filter((t) => onMain(t) && !traced(t)).map((t) => [t.ts, t.ts + t.dur]);
  const inLong = (ts) => long.findIndex(([a, b]) => ts >= a && ts < b);

  const profile = events.find((e) => e.name === 'Profile' && onMain(e));
  const nodes = new Map();
  const samples = [];
  if (profile) {
    let t = profile.args.data.startTime;
    for (const chunk of events.filter(
      (e) => e.name === 'ProfileChunk' && e.pid === profile.pid && e.id === profile.id,
    )) {
      const { cpuProfile = {}, timeDeltas = [] } = chunk.args.data;
      for (const n of cpuProfile.nodes ?? []) nodes.set(n.id, n);
      (cpuProfile.samples ?? []).forEach((id, i) => {
        t += timeDeltas[i] ?? 0;
        samples.push({ t, id });
      });
    }
  }
  samples.sort((a, b) => a.t - b.t); // time deltas can be negative: samples arrive slightly out of order
  const self = new Map();
  const perTask = long.map(() => new Map());
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us / 1000);
  samples.forEach((sample, i) => {
    // Idle inside a task: the thread is blocked (the rendering column says in what, e.g. a canvas flush).
    const name = sampleName(nodes, sample.id).replace('(idle)', '(blocked: idle inside the task)');
    const end = samples[i + 1]?.t ?? sample.t;
    long.forEach(([a, b], task) => {
      const us = Math.min(end, b) - Math.max(sample.t, a); // the part of this sample's interval inside the task
      if (us <= 0) return;
      add(self, name, us);
      add(perTask[task], name, us);
    });
  });
  const rendering = new Map();
  for (const e of events)
    if (e.ph === 'X' && RENDERING[e.name] && onMain(e) && inLong(e.ts) >= 0) add(rendering, RENDERING[e.name], e.dur);
  const top = (map) => [...map].sort((a, b) => b[1] - a[1]);
  const ms = long.reduce((sum, [a, b]) => sum + (b - a) / 1000, 0);
  // Each task: its length and its three largest shares.
  const each = long.map(([a, b], i) => ({ ms: (b - a) / 1000, top: top(perTask[i]).slice(0, 3) }));
  return { tasks: long.length, ms, self: top(self), rendering: top(rendering), each };
}

/** Arrow keys and clicks again, under a Chromium trace (apart from the timed steps: tracing slows the page). */
export async function traceSteps(browser, page) {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let trace;
  try {
    await keySteps(page, 12);
    await clickSteps(page, 8);
  } finally {
    trace = await browser.stopTracing();
  }
  return longTaskProfile(trace);
}
