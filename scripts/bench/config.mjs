// The benchmark's settings: the preview server's address, the BENCH_* environment variables, and
// the targets each figure is printed next to.
const list = (value) => value.split(',').filter((b) => b && b !== 'none');
const viewport = (text) => {
  const [width, height] = text.split(/[x×]/).map(Number);
  return { width, height };
};

export const PORT = Number(process.env.BENCH_PORT ?? 4180);
export const BASE = `http://127.0.0.1:${PORT}/`;
/** The build to serve (a folder); unset: dist/. Build your own with `vite build --outDir <dir>` to leave dist/ alone. */
export const DIST = process.env.BENCH_DIST || null;
/** Journeys to run, in this order; BENCH_ONLY picks some (e.g. "slider,mnist"). */
export const JOURNEYS = list(
  process.env.BENCH_ONLY ?? 'firstvisit,slider,backends,mnist,training,figures,lenet,deepcompression,lenet5',
);

/** Journey 1: the seed replica's slider, on these backends at these viewports. */
export const SLIDER_BACKENDS = list(process.env.BENCH_SLIDER_BACKENDS ?? 'webgl');
export const VIEWPORTS = list(process.env.BENCH_VIEWPORTS ?? '1280x720,1920x1080').map(viewport);
/** Drag steps (input events back to back, each waiting for its figures). */
export const STEPS = Number(process.env.BENCH_STEPS ?? 80);
/** Milliseconds of the every-frame drag whose long tasks are counted. */
export const DRAG_MS = Number(process.env.BENCH_DRAG_MS ?? 3000);
export const KEY_STEPS = Number(process.env.BENCH_KEY_STEPS ?? 24);
export const CLICK_STEPS = Number(process.env.BENCH_CLICK_STEPS ?? 16);
export const TYPED_STEPS = Number(process.env.BENCH_TYPED_STEPS ?? 6);
/** A person's pace: 4 steps a second; typing a key every 120 ms, a value every 1.2 s or so. */
export const STEP_INTERVAL_MS = Number(process.env.BENCH_STEP_INTERVAL_MS ?? 250);
export const TYPE_DELAY_MS = 120;
export const TYPED_PAUSE_MS = 600;
/** After the timed steps, keys and clicks again under a Chromium trace (BENCH_TRACE=0: not). */
export const TRACE = process.env.BENCH_TRACE !== '0';
export const BARE_SAMPLES = Number(process.env.BENCH_BARE_SAMPLES ?? 40);

/** The per-backend table (seed replica after 1 epoch: drag steps, bare forward, trade-off work). */
export const BACKENDS = list(process.env.BENCH_BACKENDS ?? 'webgl,wasm,cpu');
export const BACKENDS_VIEWPORT = viewport(process.env.BENCH_BACKENDS_VIEWPORT ?? '1280x720');

/** Journey 2: MNIST's slider (estimate, then exact) on these backends. */
export const MNIST_BACKENDS = list(process.env.BENCH_MNIST_BACKENDS ?? 'webgl,wasm');
/** The networks the MNIST journey prunes: LeNet-300-100 ('mlp') and LeNet-5. */
export const MNIST_ARCHITECTURES = list(process.env.BENCH_MNIST_ARCHITECTURES ?? 'mlp,lenet5');
export const MNIST_STEPS = Number(process.env.BENCH_MNIST_STEPS ?? 20);
export const MNIST_VIEWPORT = viewport(process.env.BENCH_MNIST_VIEWPORT ?? '1280x720');

/** Journey 3: training and fine-tuning on every data set (or BENCH_TRAIN_DATASETS) and backend. */
export const TRAIN_DATASETS = process.env.BENCH_TRAIN_DATASETS ? list(process.env.BENCH_TRAIN_DATASETS) : null;
export const TRAIN_BACKENDS = list(process.env.BENCH_TRAIN_BACKENDS ?? 'webgl,wasm,cpu');
/** Epochs typed into Epochs and Fine-tune epochs (short runs: the figures are rates and latencies). */
export const TRAIN_EPOCHS = Number(process.env.BENCH_TRAIN_EPOCHS ?? 2);
export const MNIST_TRAIN_EPOCHS = Number(process.env.BENCH_MNIST_TRAIN_EPOCHS ?? 1);
/**
 * MNIST on the cpu backend takes about 5 minutes here (an epoch through the page, one fine-tuning,
 * two stopped runs and the throughput), a third of the whole benchmark: skipped unless
 * BENCH_CPU_MNIST=1 (the table says so).
 */
export const CPU_MNIST = process.env.BENCH_CPU_MNIST === '1';
export const TRAIN_VIEWPORT = viewport(process.env.BENCH_TRAIN_VIEWPORT ?? '1280x720');
/** Rows the harness's app-loop and model.fit throughput runs each train (whole epochs, at least one). */
export const FIT_ROWS = Number(process.env.BENCH_FIT_ROWS ?? 4000);

/** The trade-off figures are accuracies, not timings: they run once, on the fastest backend here. */
export const FIGURES_BACKEND = process.env.BENCH_FIGURES_BACKEND ?? 'wasm';
export const FIGURES_DATASET = process.env.BENCH_FIGURES_DATASET ?? 'spiral';
/** Han et al.'s LeNet-300-100 reproduction: 'off' skips it (it trains for a minute or two on wasm). */
export const LENET_BACKEND = process.env.BENCH_LENET_BACKEND ?? 'wasm';
/** The rule the reproduction prunes by, as the page's PruneRule fields (JSON). */
export const LENET_RULE = JSON.parse(
  process.env.BENCH_LENET_RULE ??
    '{"by":"target","scope":"layer","method":"unstructured","targetFraction":0.92,"outputRate":0.5}',
);
export const LENET_EPOCHS = process.env.BENCH_LENET_EPOCHS ? JSON.parse(process.env.BENCH_LENET_EPOCHS) : {};
/**
 * Han et al.'s LeNet-5 row on the page's LeNet-5 (6-16-120-84-10): the obvious clicks (Target
 * sparsity 90%, Scope Global) and the data set's epochs. Global ranks every layer together, and the
 * convolutions' larger weights keep more of them: conv layers pruned less, as Han's were.
 */
export const LENET5_RULE = JSON.parse(
  process.env.BENCH_LENET5_RULE ?? '{"by":"target","scope":"global","method":"unstructured","targetFraction":0.9}',
);
export const LENET5_EPOCHS = process.env.BENCH_LENET5_EPOCHS ? JSON.parse(process.env.BENCH_LENET5_EPOCHS) : {};
/** Deep Compression's weight sharing on LeNet-300-100: bits per weight (the page's default, 5). */
export const DEEP_COMPRESSION_BITS = Number(process.env.BENCH_DEEP_COMPRESSION_BITS ?? 5);

/**
 * Targets, from issue 11 ("Instant on every step"): a seed-replica slider step's readouts in a
 * median of 30 ms and a p95 of 60 ms, MNIST's estimate within 100 ms of a step, no step lost, no main-thread task over 50 ms, MNIST's exact figures within 1 s of the
 * slider resting (wasm), Stop within 100 ms, and at most 330 KB of gzipped JavaScript before the
 * first view is usable. The app's loop should train as fast as plain model.fit.
 */
export const TARGETS = {
  stepMedianMs: 30,
  stepP95Ms: 60,
  estimateMs: 100,
  lost: 0,
  longTasks: 0,
  exactMs: 1000,
  stopMs: 100,
  firstVisitKB: 330,
  appOverFit: 1,
};
