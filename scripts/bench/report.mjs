// The printed report of journeys 1–4: each figure next to its target, each row with the backend,
// the renderer (the page's Backend readout), the viewport and where the page's engine ran.
import {
  CPU_MNIST,
  DRAG_MS,
  FIT_ROWS,
  MNIST_TRAIN_EPOCHS,
  STEP_INTERVAL_MS,
  STEPS,
  TARGETS,
  TRAIN_EPOCHS,
} from './config.mjs';
import { longText } from './page.mjs';
import { fmt, printTable, quantile } from './print.mjs';

/** `value` formatted, with ✓ when it meets `target` (at most, or at least with `atLeast`) and ✗ when not. */
export function vs(value, target, digits = 1, atLeast = false) {
  if (!Number.isFinite(value)) return '—';
  const ok = atLeast ? value >= target : value <= target;
  return `${fmt(value, digits)} ${ok ? '✓' : '✗'}`;
}
const longVs = (l) => `${longText(l)} ${l.count <= TARGETS.longTasks ? '✓' : '✗'}`;
const where = (r) => [r.backend, r.renderer, r.viewport, r.engine];
const WHERE = ['backend', 'renderer (Backend readout)', 'viewport', 'engine'];

export function printSlider(rows) {
  console.log(
    `\n1. Slider on the seed replica (20-64-32-1, 1000 + 200 rows), trained with the page's defaults (10 epochs), full page.`,
  );
  console.log(
    `drag: ${STEPS} input events back to back, each waiting for its figures; every frame: input on every animation frame for ${DRAG_MS / 1000} s.`,
  );
  console.log(
    `keys / clicks: arrow keys on the focused slider and clicks on its track, one every ${STEP_INTERVAL_MS} ms; typed: Threshold value typed`,
  );
  console.log(
    'a key every 120 ms, then Enter. Timed in the page from the input event (timeStamp) to the DOM change of the readouts;',
  );
  console.log(
    'lost = steps whose figures never showed; last = slider: the figures left on screen are the slider’s. Bare: masked forward, 1200 rows, one readback.',
  );
  console.log(
    `Targets: step median ≤ ${TARGETS.stepMedianMs} ms, p95 ≤ ${TARGETS.stepP95Ms} ms, 0 lost, 0 main-thread tasks over 50 ms.\n`,
  );
  const table = [];
  for (const r of rows) {
    const bare = quantile(r.bare, 0.5);
    for (const k of r.kinds) {
      table.push([
        ...where(r),
        `${r.figures.total} (${r.figures.inView})`,
        k.kind,
        k.unchanged ? `${k.steps} (+${k.unchanged} no change)` : k.steps,
        k.pace ? fmt(k.pace, 0) : '—',
        vs(k.median, TARGETS.stepMedianMs),
        vs(k.p95, TARGETS.stepP95Ms),
        k.frameMedian ? fmt(k.frameMedian) : '—',
        `${k.lost} ${k.lost <= TARGETS.lost ? '✓' : '✗'}`,
        k.finalMatches === null ? '—' : k.finalMatches ? 'yes' : `no (${k.final.applied} ≠ ${k.final.slider})`,
        longVs(k.long),
        fmt(bare),
        fmt(k.median / bare, 1),
      ]);
      if (k.frames)
        table.push([
          ...where(r),
          `${r.figures.total} (${r.figures.inView})`,
          `every frame, ${fmt(k.frames.seconds, 0)} s`,
          k.frames.perFrame,
          fmt((k.frames.seconds * 1000) / k.frames.perFrame, 0),
          '—',
          '—',
          '—',
          '—',
          '—',
          longVs(k.frames),
          fmt(bare),
          '—',
        ]);
    }
  }
  printTable(
    [
      ...WHERE,
      'figures (in view)',
      'kind',
      'steps',
      'pace ms',
      `median ms (≤${TARGETS.stepMedianMs})`,
      `p95 ms (≤${TARGETS.stepP95Ms})`,
      'next frame median ms',
      'lost (0)',
      'last = slider',
      'long tasks >50 ms (max ms) (0)',
      'bare fwd median ms',
      'median / bare',
    ],
    table,
  );
  for (const r of rows.filter((row) => row.trace)) printTrace(r);
}

/** What the long tasks of the traced steps were made of. */
function printTrace(r) {
  const { tasks, ms, self, rendering, each } = r.trace;
  const share = ([name, t]) => [name, fmt(t, 0), `${fmt((100 * t) / ms, 0)}%`];
  console.log(
    `\nTraced (12 keys, 8 clicks), ${r.backend} at ${r.viewport}: ${tasks} main-thread tasks over 50 ms, ${fmt(ms, 0)} ms in all.`,
  );
  console.log(
    'Self time in them by script chunk (sampled; the figures load as chunks named after them, Recharts is in chartStyle,',
  );
  console.log(
    'React and the page in index; (program) is the renderer itself), and the rendering work inside them (trace events):\n',
  );
  const rows = Math.max(Math.min(self.length, 8), Math.min(rendering.length, 8));
  printTable(
    ['script chunk', 'self ms', 'share', 'rendering', 'ms', 'share '],
    Array.from({ length: rows }, (_, i) => [
      ...(self[i] ? share(self[i]) : ['', '', '']),
      ...(rendering[i] ? share(rendering[i]) : ['', '', '']),
    ]),
  );
  const part = (task) => task.top.map(([name, t]) => `${name} ${fmt((100 * t) / task.ms, 0)}%`).join(', ');
  console.log('\nEach task: ' + each.map((task) => `${fmt(task.ms, 0)} ms (${part(task)})`).join('; '));
  console.log(
    'Blocked: the main thread waited inside the task; a canvas 2D flush (FinalizeFrame) waits for the GPU process, which',
  );
  console.log(
    'SwiftShader shares with the network’s WebGL. A message from the worker: the snapshot’s handler and its render.',
  );
}

export function printMnistJourney(rows) {
  console.log(
    `\n2. MNIST digits, LeNet-300-100 (784-300-100-10) and LeNet-5 after 1 epoch, ${rows[0]?.viewport}. A step shows an estimate on 500 + 500 digits;`,
  );
  console.log(
    'the exact figures over all 10,000 follow once the slider rests 250 ms (1,000 rows a readback). drag: input events back to back;',
  );
  console.log(
    `keys: arrow keys every ${STEP_INTERVAL_MS} ms; rest → exact: one step, then nothing, until the Results table says Exact. Bare: masked forward`,
  );
  console.log(
    `over 1,000 rows (one readback) and over 10,000 (ten). Targets: estimate ≤ ${TARGETS.estimateMs} ms, exact ≤ ${TARGETS.exactMs} ms on wasm, no long task.\n`,
  );
  printTable(
    [
      ...WHERE,
      'model',
      'epoch s',
      `drag → estimate median / p95 ms (≤${TARGETS.estimateMs})`,
      `keys → estimate median / p95 ms (≤${TARGETS.estimateMs})`,
      'keys lost (0)',
      'bare fwd 1,000 rows ms',
      'long tasks while dragging (max ms) (0)',
      'long tasks in key steps (0)',
      `rest → exact median (max) ms (≤${TARGETS.exactMs} wasm)`,
      'bare fwd 10,000 rows ms',
      'long tasks in exact counts (0)',
      'tensors after',
    ],
    rows.map((r) => [
      ...where(r),
      r.model,
      fmt(r.trainSeconds, 0),
      `${vs(r.steps.median, TARGETS.estimateMs)} / ${vs(r.steps.p95, TARGETS.estimateMs)}`,
      `${vs(r.keys.median, TARGETS.estimateMs)} / ${vs(r.keys.p95, TARGETS.estimateMs)}`,
      `${r.keys.lost} of ${r.keys.steps}`,
      fmt(r.bareEstimate),
      `${longVs(r.drag)} in ${r.drag.frames} frames`,
      longVs(r.keys.long),
      `${r.backend === 'wasm' ? vs(r.exact.median, TARGETS.exactMs, 0) : fmt(r.exact.median, 0)} (${fmt(r.exact.max, 0)})`,
      fmt(r.bareExact),
      longVs(r.exact.long),
      r.tensors,
    ]),
  );
}

export function printTraining(rows) {
  console.log(
    `\n3. Training and fine-tuning through the page, every data set: ${TRAIN_EPOCHS} epochs typed into Epochs and Fine-tune epochs (MNIST ${MNIST_TRAIN_EPOCHS}),`,
  );
  console.log(
    'the default cut (Enter in Threshold value) between them; long tasks from the click to Ready. Stop: a longer run (stop epochs), Stop',
  );
  console.log(
    'clicked 1.5 s in, timed in the page from the click to Status "Stopped" (the loop has stopped) and, in brackets, to the run closed',
  );
  console.log(
    '(Stop greyed: the closing figures are on the page). Throughput (harness, this page): the app’s loop (a session,',
  );
  console.log(
    `which also evaluates for the timeline) and plain model.fit, same network, data, seed and batch, each ~${FIT_ROWS} rows (whole epochs) after a warm-up.`,
  );
  if (!CPU_MNIST) console.log('MNIST on cpu is skipped by default (about 5 minutes here); BENCH_CPU_MNIST=1 runs it.');
  console.log(
    `Targets: no long task, Stop ≤ ${TARGETS.stopMs} ms, app / fit ≥ ${TARGETS.appOverFit} (the app's loop as fast as model.fit).\n`,
  );
  const longs = (run) => longVs({ count: run.long.length, max: run.long.length ? Math.max(...run.long) : 0 });
  printTable(
    [
      ...WHERE,
      'data set',
      'epochs',
      'train s',
      'long tasks in training (max ms) (0)',
      'fine-tune s',
      'long tasks in fine-tuning (max ms) (0)',
      'stop epochs',
      `Stop → Stopped (closed), training ms (≤${TARGETS.stopMs})`,
      `Stop → Stopped (closed), fine-tuning ms (≤${TARGETS.stopMs})`,
      'throughput epochs × rows',
      'app loop rows/s',
      'model.fit rows/s',
      `app / fit (≥${TARGETS.appOverFit})`,
      'tensors after',
    ],
    rows.map((r) =>
      r.skipped
        ? [...where(r), r.label, r.skipped, ...Array(12).fill('—')]
        : [
            ...where(r),
            r.label,
            r.epochs,
            fmt(r.trained.seconds, 1),
            longs(r.trained),
            fmt(r.tuned.seconds, 1),
            longs(r.tuned),
            r.stopEpochs,
            stopCell(r.stopTrain),
            stopCell(r.stopFineTune),
            r.fit.failed ?? `${r.fit.epochs} × ${r.fit.trainRows}`,
            fmt(r.fit.appRowsPerSecond, 0),
            fmt(r.fit.fitRowsPerSecond, 0),
            vs(r.fit.appRowsPerSecond / r.fit.fitRowsPerSecond, TARGETS.appOverFit, 2, true),
            r.tensors,
          ],
    ),
  );
}

/** Stop → Stopped against the target, and Stop → the run closed in brackets. */
function stopCell({ stopped, closed }) {
  if (stopped === null) return 'ended first';
  return `${vs(stopped, TARGETS.stopMs, 0)} (${closed === null ? '?' : fmt(closed, 0)})`;
}

export function printFirstVisit(visit) {
  const kb = (bytes) => fmt(bytes / 1024, 1);
  const js = visit.entries.filter((e) => e.kind === 'js');
  const before = js.filter((e) => e.phase === 'before usable');
  const total = before.reduce((sum, e) => sum + e.gzip, 0);
  const later = js.filter((e) => e.phase !== 'before usable').reduce((sum, e) => sum + e.gzip, 0);
  console.log(
    `\n4. First visit, empty cache, ${visit.viewport}: the first view is usable (Train enabled) at ${fmt(visit.usableMs, 0)} ms. Every response's body gzipped here at level 9.`,
  );
  printTable(
    ['figure', 'gzip KB', 'target'],
    [
      [
        `JavaScript before the first view is usable (${before.length} scripts)`,
        vs(total / 1024, TARGETS.firstVisitKB),
        `≤ ${TARGETS.firstVisitKB}`,
      ],
      ['JavaScript loaded later (the phases below)', kb(later), '—'],
    ],
  );
  console.log('');
  printTable(
    ['when', 'file', 'kind', 'bytes KB', 'gzip KB'],
    visit.entries
      .filter((e) => e.kind !== 'data' || e.bytes >= 10_000)
      .map((e) => [e.phase, e.file, e.kind, kb(e.bytes), Number.isFinite(e.gzip) ? kb(e.gzip) : '— (data)']),
  );
}
