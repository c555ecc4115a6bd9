// The benchmark's printed report of the per-backend table, the trade-off figures and LeNet-300-100,
// and the helpers every table uses: quantiles, number formatting, Markdown-style tables.
import { DRAG_MS, FIGURES_BACKEND, LENET_BACKEND, STEPS } from './config.mjs';

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

export function printTable(header, table) {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  table.forEach((row) => console.log(line(row)));
}

export function printTimings(rows) {
  console.log(
    `\nPer backend: the seed replica after 1 epoch, ${rows[0]?.viewport}, full page. WebGL renderer: ${rows[0]?.webgl}`,
  );
  console.log(
    `Drag steps: ${STEPS} input events back to back, each from the event to the readouts in the DOM; every frame: input on every animation frame for ${DRAG_MS / 1000} s.`,
  );
  console.log(
    `Bare forward: masked kernels already on the backend, one forward pass over the 1200 rows, one readback.\n`,
  );
  const header = [
    'backend',
    'renderer (Backend readout)',
    'viewport',
    'engine',
    'drag step median ms',
    'drag step p95 ms',
    'bare fwd median ms',
    'bare fwd p95 ms',
    'step / bare',
    'long tasks every frame (max ms)',
    'tensors after',
  ];
  const table = rows.map((r) => {
    const sm = quantile(r.slider, 0.5);
    const bm = quantile(r.bare, 0.5);
    return [
      r.backend,
      r.renderer,
      r.viewport,
      r.engine,
      fmt(sm),
      fmt(quantile(r.slider, 0.95)),
      fmt(bm),
      fmt(quantile(r.bare, 0.95)),
      fmt(sm / bm, 2),
      `${r.drag.long.length} (${fmt(r.drag.long.length ? Math.max(...r.drag.long) : 0, 0)}) in ${r.drag.frames} frames`,
      r.tensors,
    ];
  });
  printTable(header, table);

  console.log(
    `\nTrade-off work on the same page (seed replica after 1 epoch): a one-shot sweep of ${rows[0]?.trade.points} sparsities, a layer scan`,
  );
  console.log(
    '(3 layers × 8 sparsities), then 50% of the hidden neurons pruned (Structured, Target sparsity) and Compact, whose forward',
  );
  console.log(
    'passes over the 1200 rows are timed in the page, taking turns with the masked network (median of 15 each).\n',
  );
  const longs = (run) => `${run.long.length} (${fmt(run.long.length ? Math.max(...run.long) : 0, 0)})`;
  printTable(
    [
      'backend',
      'sweep s',
      'long tasks in sweep (max ms)',
      'scan s',
      'long tasks in scan (max ms)',
      'compact s',
      'widths before → after',
      'masked fwd ms',
      'compact fwd ms',
      'masked / compact',
      'max |Δ logit|',
      'tensors before → after scans',
    ],
    rows.map(({ renderer, trade: t }) => [
      renderer,
      fmt(t.sweep.seconds, 2),
      longs(t.sweep),
      fmt(t.scan.seconds, 2),
      longs(t.scan),
      fmt(t.compact.seconds, 2),
      t.widths.join(' → '),
      fmt(t.forward[0], 2),
      fmt(t.forward[1], 2),
      fmt(t.forward[0] / t.forward[1], 2),
      t.difference,
      `${t.before} → ${t.afterScans}`,
    ]),
  );
}

export function printFigures(f) {
  const pc = (x) => `${(x * 100).toFixed(2)}%`;
  console.log(
    `\nTrade-off figures: ${f.dataset}, seed 1, the data set's defaults, on ${FIGURES_BACKEND} (${fmt(f.seconds, 0)} s). Test accuracy.\n`,
  );
  printTable(
    ['run', 'sparsity', 'test accuracy'],
    [
      ['dense baseline', '0.00%', pc(f.baseline)],
      ...f.oneShot.flatMap((p) => [
        [
          `one-shot, ${p.magnitude.label}, magnitude (per layer), no retraining`,
          pc(p.magnitude.sparsity),
          pc(p.magnitude.accuracy),
        ],
        [`one-shot, ${p.random.label}, random control, no retraining`, pc(p.random.sparsity), pc(p.random.accuracy)],
      ]),
      [`target 90% then ${f.fineTuned.epochs} fine-tune epochs`, pc(f.fineTuned.sparsity), pc(f.fineTuned.accuracy)],
      [
        `iterative, ${f.iterative.rounds} rounds × ${f.iterative.perRound * 100}% of survivors`,
        pc(f.iterative.sparsity),
        pc(f.iterative.accuracy),
      ],
      [`polynomial schedule 0 → 90% over ${f.schedule.steps} steps`, pc(f.schedule.sparsity), pc(f.schedule.accuracy)],
      [`lottery ticket: rewound to θ₀, ${f.lottery.epochs} epochs`, pc(f.lottery.sparsity), pc(f.lottery.rewound)],
      [`lottery control: random re-init, ${f.lottery.epochs} epochs`, pc(f.lottery.sparsity), pc(f.lottery.reinit)],
    ],
  );
}

export function printLenet(f) {
  const pc = (x) => `${(x * 100).toFixed(2)}%`;
  const row = (name, s, paper) => [
    name,
    pc(s.testAccuracy),
    pc(1 - s.testAccuracy),
    pc(s.trainAccuracy),
    pc(s.sparsity),
    paper,
  ];
  console.log(
    `\nHan et al. 2015, LeNet-300-100 (784-300-100-10, relu, softmax) on the page's MNIST digits: ${f.trainRows} training and ${f.testRows} test rows,`,
  );
  console.log(
    `seed 1, Adam at ${f.learningRate} for ${f.epochs} epochs; pruned by ${f.rule}; fine-tuned ${f.fineTuneEpochs} epochs at ${f.fineTuneRate}.`,
  );
  console.log(
    `On ${LENET_BACKEND}: load ${fmt(f.seconds.load, 1)} s, training ${fmt(f.seconds.train, 0)} s, fine-tuning ${fmt(f.seconds.fineTune, 0)} s. Every figure counts every row.\n`,
  );
  printTable(
    ['stage', 'test accuracy', 'test error', 'train accuracy', 'sparsity', 'paper (60,000 / 10,000 digits)'],
    [
      row('dense baseline', f.dense, 'error 1.64%'),
      row('pruned, no retraining', f.pruned, '—'),
      row('pruned, fine-tuned', f.fineTuned, 'error 1.59%, 92% sparsity'),
    ],
  );
  console.log(
    `\nChange from the dense baseline after fine-tuning: ${((f.fineTuned.testAccuracy - f.dense.testAccuracy) * 100).toFixed(2)} points of test accuracy.\n`,
  );
  printTable(
    ['layer', 'weights', 'kept', 'paper kept'],
    f.layers.map((l, i) => [l.name, l.total, pc(l.kept), ['8%', '9%', '26%'][i] ?? '—']),
  );
}

/** Han et al.'s LeNet-5 row: the stages beside the paper's, and the share each layer kept beside Han's. */
export function printLenet5(f) {
  const pc = (x) => `${(x * 100).toFixed(2)}%`;
  const weights = f.layers.reduce((sum, l) => sum + l.total, 0);
  const kept = f.layers.reduce((sum, l) => sum + l.kept * l.total, 0);
  console.log(
    `\nHan et al. 2015, LeNet-5 on the page's LeNet-5 (conv 5×5×6 'same', pool, conv 5×5×16, pool, 120, 84, 10; ${weights} weights) and MNIST digits:`,
  );
  console.log(
    `${f.trainRows} training and ${f.testRows} test rows, seed 1, Adam at ${f.learningRate} for ${f.epochs} epochs (the data set's defaults); pruned by ${f.rule};`,
  );
  console.log(
    `fine-tuned ${f.fineTuneEpochs} epochs at ${f.fineTuneRate}. On ${LENET_BACKEND}: training ${fmt(f.seconds.train, 0)} s, fine-tuning ${fmt(f.seconds.fineTune, 0)} s. Every figure counts every row.\n`,
  );
  printTable(
    ['stage', 'test accuracy', 'test error', 'sparsity', 'paper (Caffe LeNet-5, 431K weights, 60,000 digits)'],
    [
      [
        `dense (${weights} weights)`,
        pc(f.dense.testAccuracy),
        pc(1 - f.dense.testAccuracy),
        pc(f.dense.sparsity),
        'error 0.80%',
      ],
      ['pruned, no retraining', pc(f.pruned.testAccuracy), pc(1 - f.pruned.testAccuracy), pc(f.pruned.sparsity), '—'],
      [
        `pruned, fine-tuned (${Math.round(kept)} weights kept, ${(weights / kept).toFixed(1)}×)`,
        pc(f.fineTuned.testAccuracy),
        pc(1 - f.fineTuned.testAccuracy),
        pc(f.fineTuned.sparsity),
        'error 0.77%, 36K weights kept (12×, 91.6% pruned)',
      ],
    ],
  );
  console.log(
    `\nChange from the dense network after fine-tuning: ${((f.fineTuned.testAccuracy - f.dense.testAccuracy) * 100).toFixed(2)} points of test accuracy (target: within 1 point).\n`,
  );
  printTable(
    ['layer', 'weights', 'kept', 'paper kept'],
    f.layers.map((l, i) => [
      l.name,
      l.total,
      pc(l.kept),
      ['66% (conv1)', '12% (conv2)', '8% (ip1)', '— (Caffe has one hidden layer)', '19% (ip2)'][i] ?? '—',
    ]),
  );
}

/** Deep Compression's table: each stage's accuracy, bytes and ratio to dense, beside the paper's. */
export function printDeepCompression(f) {
  const pc = (x) => `${(x * 100).toFixed(2)}%`;
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB (${bytes} B)`;
  const ratio = (bytes) => `${(f.sizes.dense / bytes).toFixed(1)}×`;
  console.log(
    `\nDeep Compression (Han, Mao & Dally 2016) on LeNet-300-100, through the page's session on ${LENET_BACKEND}: ${f.trainRows} training and ${f.testRows} test digits, seed 1;`,
  );
  console.log(
    `pruned by ${f.rule}, fine-tuned ${f.fineTune.epochs} epochs at ${f.fineTune.learningRate}; weight sharing at ${f.bits} bits (k-means per layer), the shared values fine-tuned the same way;`,
  );
  console.log(
    `relative indices of ${f.indexBits} bits (${f.sizes.entries} entries, ${f.sizes.fillers} fillers); Huffman codes over each layer's indices and gaps. ${fmt(f.seconds, 0)} s. Every figure counts every row.\n`,
  );
  printTable(
    ['stage', 'test accuracy (error)', 'size', 'ratio', 'paper (60,000 / 10,000 digits)'],
    [
      [
        'Dense float32',
        `${pc(f.dense.testAccuracy)} (${pc(1 - f.dense.testAccuracy)})`,
        kb(f.sizes.dense),
        '1.0×',
        '1,070 KB, error 1.64%',
      ],
      [
        'Pruned (fine-tuned)',
        `${pc(f.pruned.testAccuracy)} (${pc(1 - f.pruned.testAccuracy)})`,
        kb(f.sizes.pruned),
        ratio(f.sizes.pruned),
        '8% kept, error 1.59%',
      ],
      [
        'Quantized, before its fine-tuning',
        `${pc(f.shared.testAccuracy)} (${pc(1 - f.shared.testAccuracy)})`,
        '—',
        '—',
        '—',
      ],
      [
        'Quantized (shared values fine-tuned)',
        `${pc(f.quantized.testAccuracy)} (${pc(1 - f.quantized.testAccuracy)})`,
        kb(f.sizes.quantized),
        ratio(f.sizes.quantized),
        '6 bits, 5-bit indices',
      ],
      [
        'Huffman-coded',
        `${pc(f.quantized.testAccuracy)} (${pc(1 - f.quantized.testAccuracy)})`,
        kb(f.sizes.huffman),
        ratio(f.sizes.huffman),
        '27 KB (40×), error 1.58%',
      ],
    ],
  );
  console.log(
    `\nChange from the dense network: ${((f.quantized.testAccuracy - f.dense.testAccuracy) * 100).toFixed(2)} points of test accuracy at ${ratio(f.sizes.huffman)} smaller.\n`,
  );
}
