// The benchmark's settings: the preview server's address and the BENCH_* environment variables.
export const PORT = 4180;
export const BASE = `http://127.0.0.1:${PORT}/`;
export const STEPS = Number(process.env.BENCH_STEPS ?? 80);
export const FIT_EPOCHS = Number(process.env.BENCH_EPOCHS ?? 2);
export const BACKENDS = (process.env.BENCH_BACKENDS ?? 'webgl,wasm,cpu').split(',').filter((b) => b && b !== 'none');
/** The trade-off figures are accuracies, not timings: they run once, on the fastest backend here. */
export const FIGURES_BACKEND = process.env.BENCH_FIGURES_BACKEND ?? 'wasm';
export const FIGURES_DATASET = process.env.BENCH_FIGURES_DATASET ?? 'spiral';
/** Backends the MNIST slider is measured on (estimate, then exact): 'none' skips it. */
export const MNIST_BACKENDS = (process.env.BENCH_MNIST_BACKENDS ?? 'webgl,wasm')
  .split(',')
  .filter((b) => b && b !== 'none');
export const MNIST_STEPS = Number(process.env.BENCH_MNIST_STEPS ?? 20);
/** Han et al.'s LeNet-300-100 reproduction: 'off' skips it (it trains for a minute or two on wasm). */
export const LENET_BACKEND = process.env.BENCH_LENET_BACKEND ?? 'wasm';
/** The rule the reproduction prunes by, as the page's PruneRule fields (JSON). */
export const LENET_RULE = JSON.parse(
  process.env.BENCH_LENET_RULE ??
    '{"by":"target","scope":"layer","method":"unstructured","targetFraction":0.92,"outputRate":0.5}',
);
export const LENET_EPOCHS = process.env.BENCH_LENET_EPOCHS ? JSON.parse(process.env.BENCH_LENET_EPOCHS) : {};
