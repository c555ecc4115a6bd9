/**
 * PyTorch's own pruning test cases (test/nn/test_pruning.py, for torch/nn/utils/prune.py), ported
 * literally where our definitions coincide with torch's. Each `it` names its source test. Torch's
 * Linear weight is [out, in]; our kernels are row-major [fanIn, fanOut], so the cases are
 * transposed on the way in and out. An integer `amount` (units to prune) becomes the fraction
 * amount / n. The last block shows, on torch's own cases, the differences we keep on purpose
 * (docs/definitions.md): ties are kept and a layer keeps at least one weight.
 */
import { describe, expect, it } from 'vitest';
import { fullMask, type Mask } from './mask';
import { keepCount } from './count';
import { preparePruning, pruneMasks, type Method, type PruneRule } from './prune';
import { createRng } from '../rng';
import { magnitudeRule } from './rule';

/** A per-layer target, everything else the seed's. */
const TARGET: PruneRule = { ...magnitudeRule(0), by: 'target' };

/** A torch weight [out][in] as our layer: fanIn = in, fanOut = out, kernel[r · fanOut + c] = w[c][r]. */
interface Layer {
  fanIn: number;
  fanOut: number;
  kernel: Float32Array;
}

function fromTorch(weight: number[][]): Layer {
  const fanOut = weight.length;
  const fanIn = weight[0].length;
  const kernel = new Float32Array(fanIn * fanOut);
  for (let c = 0; c < fanOut; c++) for (let r = 0; r < fanIn; r++) kernel[r * fanOut + c] = weight[c][r];
  return { fanIn, fanOut, kernel };
}

/** One of our masks (or a torch-shaped 0/1 matrix) back in torch's [out][in] layout. */
function toTorch(layer: Layer, mask: Mask): number[][] {
  return Array.from({ length: layer.fanOut }, (_, c) =>
    Array.from({ length: layer.fanIn }, (_, r) => mask[r * layer.fanOut + c]),
  );
}

function maskFromTorch(mask: number[][]): Mask {
  return Uint8Array.from(fromTorch(mask).kernel);
}

/** weight × mask in torch's layout, with +0 for pruned entries. */
function pruned(weight: number[][], mask: number[][]): number[][] {
  return weight.map((row, c) => row.map((w, r) => (mask[c][r] === 1 ? w : 0)));
}

function masks(layers: Layer[], method: Method, rule: Partial<PruneRule>, prior?: Mask[]): Mask[] {
  const prepared = preparePruning(
    {
      kernels: layers.map((l) => l.kernel),
      shapes: layers.map((l) => [l.fanIn, l.fanOut] as const),
      prior: prior ?? layers.map((l) => fullMask(l.kernel.length)),
      randomKeys: layers.map((l) => Float32Array.from(l.kernel, (_, i) => ((i * 7919) % 101) / 101)),
    },
    method,
  );
  return pruneMasks(prepared, { ...TARGET, method, ...rule }).masks;
}

const ones = (mask: Mask) => mask.reduce((sum, m) => sum + m, 0);
/** A second layer after `layer`, so that a structured cut may remove `layer`'s neurons. */
const outputAfter = (layer: Layer): Layer => ({
  fanIn: layer.fanOut,
  fanOut: 1,
  kernel: new Float32Array(layer.fanOut).fill(1),
});

describe('test_pruning.py: where our definitions coincide', () => {
  it('test_l1_unstructured_pruning: amount=2 twice, the second time among the survivors', () => {
    const weight = [
      [1, 2, 3, 4],
      [-4, -3, -2, -1],
    ];
    const layer = fromTorch(weight);
    const first = masks([layer], 'unstructured', { targetFraction: 2 / 8 });
    expect(pruned(weight, toTorch(layer, first[0]))).toEqual([
      [0, 2, 3, 4],
      [-4, -3, -2, 0],
    ]);
    // "check that pruning again removes the next two smallest entries": 2 of the 6 survivors.
    const second = masks([layer], 'unstructured', { targetFraction: 2 / 6, ofSurvivors: true }, first);
    expect(pruned(weight, toTorch(layer, second[0]))).toEqual([
      [0, 0, 3, 4],
      [-4, -3, 0, 0],
    ]);
  });

  it('test_global_pruning: amount=4 over Linear(4, 2) and Linear(3, 1) removes the 4 smallest |w|', () => {
    const mWeight = [
      [1, 2, 3, 4],
      [-4, -3, -2, -1],
    ];
    const nWeight = [[0, 0.1, -2]];
    const m = fromTorch(mWeight);
    const n = fromTorch(nWeight);
    const [mMask, nMask] = masks([m, n], 'unstructured', { scope: 'global', targetFraction: 4 / 11 });
    expect(pruned(mWeight, toTorch(m, mMask))).toEqual([
      [0, 2, 3, 4],
      [-4, -3, -2, 0],
    ]);
    expect(pruned(nWeight, toTorch(n, nMask))).toEqual([[0, 0, -2]]);
  });

  it('test_pruning_container_compute_mask: L1Unstructured(amount=2) after a default mask acts on the survivors', () => {
    const t = fromTorch([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const defaultMask = maskFromTorch([
      [1, 1, 1, 0],
      [1, 1, 0, 1],
    ]);
    const [mask] = masks([t], 'unstructured', { targetFraction: 2 / 6, ofSurvivors: true }, [defaultMask]);
    expect(toTorch(t, mask)).toEqual([
      [0, 0, 1, 0],
      [1, 1, 0, 1],
    ]);
  });

  it('test_pruning_container_compute_mask: LnStructured(amount=1, n=2, dim=0) removes the weaker row (our neuron)', () => {
    const t = fromTorch([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const defaultMask = maskFromTorch([
      [1, 1, 1, 0],
      [1, 1, 0, 1],
    ]);
    const output = outputAfter(t);
    const [mask] = masks([t, output], 'structured', { targetFraction: 1 / 2 }, [defaultMask, fullMask(2)]);
    expect(toTorch(t, mask)).toEqual([
      [0, 0, 0, 0],
      [1, 1, 0, 1],
    ]);
  });

  it('test_ln_structured_pruning: of the three channels by L2 norm (3.5, 1.13, 5.92) the second goes', () => {
    // Conv2d(3, 1, 2)'s three input channels, each as a neuron with its four weights incoming.
    const channels = [
      [1.0, 2.0, 1.0, 2.5],
      [0.5, 1.0, 0.1, 0.1],
      [-3.0, -5.0, 0.1, -1.0],
    ];
    const layer = fromTorch(channels);
    const [mask] = masks([layer, outputAfter(layer)], 'structured', { targetFraction: 1 / 3 });
    expect(toTorch(layer, mask)).toEqual([
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ]);
  });

  it('test_compute_nparams_to_prune: the counts where round(amount · n) pruned = n − our kept', () => {
    const prunedOf = (n: number, amount: number) => n - keepCount(n, amount);
    expect(prunedOf(15, 0)).toBe(0);
    expect(prunedOf(15, 10 / 15)).toBe(10);
    expect(prunedOf(15, 1 / 15)).toBe(1);
    expect(prunedOf(17, 0.4)).toBe(7); // round(6.8)
  });

  it('test_random_pruning_sizes (counts): random_unstructured(amount=0.1) prunes 3 of Conv3d(2, 2, 2)’s 32 weights', () => {
    // torch: round(0.1 · 32) = round(3.2) = 3. Ours keeps keepCount(32, 0.1) = round(28.8) = 29.
    const rng = createRng(4);
    const layer = fromTorch(Array.from({ length: 2 }, () => Array.from({ length: 16 }, () => rng() - 0.5)));
    const [mask] = masks([layer], 'random', { targetFraction: 0.1 });
    expect(mask.length - ones(mask)).toBe(3);
  });

  it('test_multiple_pruning_calls: l1_unstructured(0.1) then ln_structured(0.3, dim=0) never revives a weight', () => {
    const rng = createRng(9);
    // Conv3d(2, 2, 2).weight: 2 output channels of 2 · 2 · 2 · 2 = 16 weights each.
    const layer = fromTorch(Array.from({ length: 2 }, () => Array.from({ length: 16 }, () => rng() - 0.5)));
    const output = outputAfter(layer);
    const [mask0] = masks([layer], 'unstructured', { targetFraction: 0.1 });
    expect(mask0.length - ones(mask0)).toBe(3); // round(3.2)
    const [mask1] = masks([layer, output], 'structured', { targetFraction: 0.3 }, [mask0, fullMask(2)]);
    for (let i = 0; i < mask0.length; i++) if (mask0[i] === 0) expect(mask1[i]).toBe(0);
    // round(0.3 · 2) = 1 channel pruned; ours keeps round(1.4) = 1 of the two neurons.
    const kept = toTorch(layer, mask1).map((row) => row.some((m) => m === 1));
    expect(kept.filter(Boolean)).toHaveLength(1);
  });
});

describe('test_pruning.py: where we differ on purpose', () => {
  it('test_unstructured_pruning_same_magnitude: torch prunes exactly round(amount · n) of tied weights; we keep the ties', () => {
    const weight = [[2, 2, 2, 2, 2, -2, -2, -2, -2, -2]];
    const layer = fromTorch(weight);
    const [mask] = masks([layer], 'unstructured', { targetFraction: 0.2 });
    expect(ones(mask)).toBe(10); // torch: 2 pruned (round(0.2 · 10)), chosen by position
  });

  it('test_random_pruning_sizes (counts): amount=0.1 of Linear(5, 7)’s 35 weights prunes 4 in torch, 3 here', () => {
    // torch rounds the pruned count: round(0.1 · 35) = round(3.5000000000000004) = 4. tfmot rounds the
    // kept count in float32: f(35 · f(1 − f(0.1))) = 31.5 exactly, to even: 32 kept, 3 pruned.
    const rng = createRng(4);
    const layer = fromTorch(Array.from({ length: 7 }, () => Array.from({ length: 5 }, () => rng() - 0.5)));
    const [mask] = masks([layer], 'random', { targetFraction: 0.1 });
    expect(mask.length - ones(mask)).toBe(3);
  });

  it('test_compute_nparams_to_prune: amount=1.0 prunes all 15 in torch; we refuse it and keep one below it', () => {
    expect(() => masks([fromTorch([[1, 2, 3]])], 'unstructured', { targetFraction: 1 })).toThrow(
      'Expected a target sparsity >= 0 and < 1, but got 1',
    );
    expect(keepCount(15, 0.99)).toBe(1); // torch: round(14.85) = 15 pruned
  });
});
