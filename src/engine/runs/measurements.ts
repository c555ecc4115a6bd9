import { compactNetwork } from '../../core/pruning/compact';
import type { CurvePoint, LayerSensitivity } from '../../core/curves';
import { countZeros, sparsityOf } from '../../core/pruning/mask';
import { preparePruning, pruneMasks, type PruneRule } from '../../core/pruning/prune';
import {
  convNetOf,
  countParameters,
  layerNames,
  unitWidths,
  type NetworkSpec,
  type NetworkWeights,
} from '../../core/network/spec';
import { compactConvNet } from '../../core/conv/compact';
import { wholeRows, type DataTensors } from '../../model/data';
import { logitsOf } from '../../model/evaluate';
import { activeBackend, medianForwardMs } from '../../model/timing';
import { fullMasks, maskWeights, pruneInput, type BaselineNetwork } from '../network';
import type { CompactionReport, NetworkSize, StageFigures } from '../snapshot';
import { pointOf } from '../state';
import { yieldToEventLoop } from './loop';

/**
 * Measurements that leave the model alone: the one-shot sweep, the layer scan and compaction.
 * Each takes what it needs and returns plain data; the session records it. None keeps a tensor.
 */

/** The sparsities a one-shot sweep tries, as fractions: finer where accuracy usually falls. */
export const SWEEP_FRACTIONS = [
  0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.96, 0.97, 0.98, 0.99,
];
/** The sparsities the layer scan tries on each layer alone. */
export const SCAN_FRACTIONS = [0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

/** Forward passes each network is timed over when compacting. */
const TIMING_REPEATS = 15;
/** A conv net's: each of its passes takes about as long as all of a perceptron's. */
const CONV_TIMING_REPEATS = 5;

/** What the sweep and the scan need from the session that runs them. */
export interface ExperimentHost {
  /** Figures of a network given as arrays (here masked), on `spec`'s shape. */
  evaluate: (weights: NetworkWeights, spec: NetworkSpec) => Promise<StageFigures>;
  /** The job's cancellation signal: checked between measurements. */
  signal: AbortSignal;
}

/**
 * Prunes `baseline` one-shot to each of SWEEP_FRACTIONS by `rule`'s scope and method, without
 * retraining, and reports each point with the share done. Yields to the page between points.
 * Returns null when done, or, when its signal stopped it, a note saying where.
 */
export async function sweepOneShot(
  host: ExperimentHost,
  baseline: BaselineNetwork,
  rule: PruneRule,
  onPoint: (point: CurvePoint, progress: number) => void,
): Promise<string | null> {
  const { spec, weights, randomKeys } = baseline;
  const prepared = preparePruning(pruneInput(spec, weights.kernels, fullMasks(spec), randomKeys), rule.method);
  for (const [i, fraction] of SWEEP_FRACTIONS.entries()) {
    if (host.signal.aborted) return `Stopped after ${i} of ${SWEEP_FRACTIONS.length} sparsities.`;
    const { masks } = pruneMasks(prepared, { ...rule, by: 'target', targetFraction: fraction });
    const figures = await host.evaluate(maskWeights(weights, masks), spec);
    onPoint(pointOf(figures, `target ${Math.round(fraction * 100)}%`), (i + 1) / SWEEP_FRACTIONS.length);
    await yieldToEventLoop();
  }
  return null;
}

/**
 * Prunes each layer of `baseline` alone to each of SCAN_FRACTIONS (per layer, output at the full
 * rate) and reports the whole scan so far (a new array each time) with the share done. Yields to
 * the page between measurements. Returns null when done, or, when its signal stopped it, a note saying where.
 */
export async function scanLayers(
  host: ExperimentHost,
  baseline: BaselineNetwork,
  rule: PruneRule,
  onScan: (scan: LayerSensitivity[], progress: number) => void,
): Promise<string | null> {
  const { spec, weights, randomKeys } = baseline;
  const full = fullMasks(spec);
  const prepared = preparePruning(pruneInput(spec, weights.kernels, full, randomKeys), rule.method);
  const names = layerNames(spec);
  const scan: LayerSensitivity[] = names.map((layer) => ({ layer, points: [] }));
  const total = names.length * SCAN_FRACTIONS.length;
  let done = 0;
  for (const [l, name] of names.entries()) {
    for (const fraction of SCAN_FRACTIONS) {
      if (host.signal.aborted) return `Stopped after ${done} of ${total} measurements.`;
      const { masks } = pruneMasks(prepared, {
        ...rule,
        scope: 'layer',
        outputRate: 1,
        by: 'target',
        targetFraction: fraction,
      });
      const alone = full.map((mask, i) => (i === l ? masks[i] : mask));
      const masked = maskWeights(weights, alone);
      const figures = await host.evaluate(masked, spec);
      const layerZeros = countZeros(masked.kernels[l]);
      scan[l] = {
        layer: name,
        points: [
          ...scan[l].points,
          {
            sparsity: sparsityOf(layerZeros),
            accuracy: figures.testAccuracy,
            label: `${name} at ${Math.round(fraction * 100)}%`,
          },
        ],
      };
      done++;
      onScan([...scan], done / total);
      await yieldToEventLoop();
    }
  }
  return null;
}

/**
 * `masked` of `spec` without its dead units: core/pruning's compaction for a perceptron, core/conv's
 * (filters, with the next layer's input channels) for a conv net. `widths` and `removed` list every
 * hidden layer's units, convolutions first.
 */
function smaller(
  spec: NetworkSpec,
  masked: NetworkWeights,
): { spec: NetworkSpec; weights: NetworkWeights; widths: number[]; removed: number[] } {
  const conv = convNetOf(spec);
  if (!conv) {
    const { hidden, weights, removed } = compactNetwork(spec.activation, masked);
    return { spec: { ...spec, hidden }, weights, widths: hidden, removed };
  }
  const { spec: c, weights, removed } = compactConvNet(conv, masked);
  const widths = [...c.convs.map((l) => l.filters), ...c.hidden];
  return { spec: { ...spec, hidden: c.hidden, conv: { image: c.input, layers: c.convs } }, weights, widths, removed };
}

/** A compaction: refused with a note, or the smaller network and how it compares. */
export type Compaction =
  | { kind: 'refused'; note: string }
  | { kind: 'compacted'; spec: NetworkSpec; weights: NetworkWeights; report: CompactionReport };

/**
 * Rebuilds `masked` (shaped by `spec`, pruned weights exactly 0) without its pruned and dead hidden
 * neurons, times a forward pass of both over every row of `data` on the active backend, and takes
 * the largest difference of their logits. Refuses when a hidden layer would be empty or nothing
 * would be removed. The returned spec and weights are new; the caller may adopt them.
 */
export async function compact(spec: NetworkSpec, masked: NetworkWeights, data: DataTensors): Promise<Compaction> {
  const compacted = smaller(spec, masked);
  const emptied = compacted.widths.findIndex((width) => width === 0);
  const units = spec.conv ? 'filter or neuron' : 'neuron';
  if (emptied >= 0) {
    return {
      kind: 'refused',
      note: `Not compacted: no ${units} of ${layerNames(spec)[emptied]} is alive, so the network's output no longer depends on its input.`,
    };
  }
  if (compacted.removed.every((n) => n === 0)) {
    return {
      kind: 'refused',
      note: spec.conv
        ? 'Nothing to compact: every filter and hidden neuron still has inputs and outputs. Structured pruning (filters) removes whole filters.'
        : 'Nothing to compact: every hidden neuron still has inputs and outputs. Structured pruning removes whole neurons.',
    };
  }
  const compactSpec = compacted.spec;
  // A conv net is timed and compared on the estimate's rows: every row, several times over, took
  // minutes on software WebGL (its predictions are equal on every row: core/conv's tests).
  const timed = spec.conv && data.sample ? { x: data.sample.x, owned: false } : wholeRows(data);
  const x = timed.x;
  const repeats = spec.conv ? CONV_TIMING_REPEATS : TIMING_REPEATS;
  let before, after, maskedLogits, compactLogits;
  try {
    [before, after] = await measure(
      [
        { spec, weights: masked },
        { spec: compactSpec, weights: compacted.weights },
      ],
      x,
      repeats,
    );
    [maskedLogits, compactLogits] = [
      await logitsOf(spec, masked, x),
      await logitsOf(compactSpec, compacted.weights, x),
    ];
  } finally {
    if (timed.owned) x.dispose();
  }
  let maxDifference = 0;
  for (let i = 0; i < maskedLogits.length; i++)
    maxDifference = Math.max(maxDifference, Math.abs(maskedLogits[i] - compactLogits[i]));
  const report = {
    before,
    after,
    maxDifference,
    rows: x.shape[0],
    repeats,
    backend: activeBackend(),
  };
  return { kind: 'compacted', spec: compactSpec, weights: compacted.weights, report };
}

/** Sizes and forward-pass times of networks over `x` ([rows, inputs]), timed in turns on the active backend. */
async function measure(
  networks: { spec: NetworkSpec; weights: NetworkWeights }[],
  x: DataTensors['xTrain'],
  repeats: number,
): Promise<NetworkSize[]> {
  const times = await medianForwardMs(networks, x, repeats);
  return networks.map(({ spec, weights }, i) => {
    const parameters = countParameters(weights);
    return {
      widths: unitWidths(spec),
      parameters,
      bytes: parameters.total * 4,
      milliseconds: times[i],
    };
  });
}
