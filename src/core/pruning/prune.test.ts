import { describe, expect, it } from 'vitest';
import { fullMask, type Mask } from './mask';
import { keepCount } from './count';
import { collapsePoints, preparePruning, pruneMasks, type Method, type PruneRule } from './prune';
import { createRng } from '../rng';
import { magnitudeRule } from './rule';

const RULE: PruneRule = magnitudeRule(0);

/** Layers given as [fanIn, fanOut, weights]; random keys are seeded. */
function prepare(layers: Array<[number, number, number[]]>, method: Method = 'unstructured', prior?: Mask[]) {
  const rng = createRng(7);
  return preparePruning(
    {
      kernels: layers.map(([, , w]) => Float32Array.from(w)),
      shapes: layers.map(([fanIn, fanOut]) => [fanIn, fanOut] as const),
      prior: prior ?? layers.map(([, , w]) => fullMask(w.length)),
      randomKeys: layers.map(([, , w]) => Float32Array.from(w, () => rng())),
    },
    method,
  );
}

const masksOf = (prepared: ReturnType<typeof prepare>, rule: Partial<PruneRule>) =>
  pruneMasks(prepared, { ...RULE, method: prepared.method, ...rule }).masks.map((m) => Array.from(m));

const W = [0.5, -0.05, 0.1, -0.1, 0, 0.2, -0.3, 0.09];

describe('target sparsity (tfmot)', () => {
  it('keeps k = max(round(n·(1 − s)), 1) weights, in float32 with halves to even', () => {
    expect(keepCount(3360, 0.9)).toBe(336);
    expect(keepCount(32, 0.9)).toBe(3); // 3.2
    expect(keepCount(3, 0.5)).toBe(2); // 1.5 → 2 (even)
    expect(keepCount(5, 0.5)).toBe(2); // 2.5 → 2 (even); rounding halves up kept 3
    expect(keepCount(8, 0.99)).toBe(1); // 0.08, but never fewer than one
    expect(keepCount(0, 0.5)).toBe(0);
  });

  it('rounds n·(1 − s) as float32 does', () => {
    // f(0.9) = 0.89999998, f(1 − f(0.9)) = 0.10000002384: 35 × that = 3.5000008 → f → 3.50000095 → 4.
    // In float64 35 × (1 − 0.9) = 3.4999999999999996 → 3.
    expect(keepCount(35, 0.9)).toBe(4);
    // f(1 − f(0.15)) = 0.85000002384, 10 × that = 8.5000002 → f → 8.5 exactly → 8 (even).
    expect(keepCount(10, 0.15)).toBe(8);
  });

  it('keeps every weight tied with the k-th largest |w|', () => {
    // k = 4: |w| sorted 0.5, 0.3, 0.2, 0.1, 0.1, …: both 0.1s are kept, so five survive.
    expect(masksOf(prepare([[2, 4, W]]), { by: 'target', targetFraction: 0.5 })).toEqual([[1, 0, 1, 1, 0, 1, 1, 0]]);
  });

  it('keeps one weight at 99%', () => {
    expect(masksOf(prepare([[2, 4, W]]), { by: 'target', targetFraction: 0.99 })).toEqual([[1, 0, 0, 0, 0, 0, 0, 0]]);
  });

  it('counts weights pruned earlier in n, and never brings them back', () => {
    const prior = [Uint8Array.from([0, 1, 1, 1, 1, 1, 0, 1])];
    const prepared = prepare([[2, 4, W]], 'unstructured', prior);
    // k = 4 of all 8, among the six survivors: 0.2, 0.1, 0.1 (tie), 0.09.
    expect(masksOf(prepared, { by: 'target', targetFraction: 0.5 })).toEqual([[0, 0, 1, 1, 0, 1, 0, 1]]);
    // Below the prior's own sparsity the prior stands.
    expect(masksOf(prepared, { by: 'target', targetFraction: 0.1 })).toEqual([Array.from(prior[0])]);
  });

  it('counts only the survivors when asked to (iterative pruning)', () => {
    const prior = [Uint8Array.from([1, 0, 1, 0, 0, 1, 1, 0])]; // survivors 0.5, 0.1, 0.2, -0.3
    const prepared = prepare([[2, 4, W]], 'unstructured', prior);
    // Half of the four survivors: 0.5 and -0.3.
    expect(masksOf(prepared, { by: 'target', targetFraction: 0.5, ofSurvivors: true })).toEqual([
      [1, 0, 0, 0, 0, 0, 1, 0],
    ]);
  });
});

describe('scope', () => {
  const layers: Array<[number, number, number[]]> = [
    [2, 2, [1, 2, 3, 4]],
    [2, 1, [0.5, 0.6]],
  ];

  it('per layer cuts each layer to the target', () => {
    expect(masksOf(prepare(layers), { by: 'target', targetFraction: 0.5 })).toEqual([
      [0, 0, 1, 1],
      [0, 1],
    ]);
  });

  it('global ranks all kernels together and can empty a layer', () => {
    const prepared = prepare(layers);
    const rule = { ...RULE, by: 'target', scope: 'global', targetFraction: 0.5 } as const;
    // N = 6, k = 3: the threshold is the third largest of 4, 3, 2, 1, 0.6, 0.5.
    const result = pruneMasks(prepared, rule);
    expect(result.masks.map((m) => Array.from(m))).toEqual([
      [0, 1, 1, 1],
      [0, 0],
    ]);
    expect(result.emptyLayers).toEqual([1]);
  });

  it('says before it happens where a global target empties a layer', () => {
    const prepared = prepare(layers);
    const rule = { ...RULE, by: 'target', scope: 'global' } as const;
    // 0.6 ranks fifth of six, so the layer needs k = round(6(1 − s)) >= 5: 6(1 − s) > 4.5, since
    // 4.5 rounds to even (4). In float32 the last target that keeps five is 0.25 − 3·2⁻²⁶
    // (f(1 − s) = 0.75 + 2⁻²⁴, times 6 is 4.5000005); at 0.25, 6 × 0.75 = 4.5 keeps four.
    expect(collapsePoints(prepared, rule)).toEqual([{ layer: 1, above: 0.25 - 3 * 2 ** -26 }]);
    expect(pruneMasks(prepared, { ...rule, targetFraction: 0.25 - 3 * 2 ** -26 }).emptyLayers).toEqual([]);
    expect(pruneMasks(prepared, { ...rule, targetFraction: 0.25 - 2 * 2 ** -26 }).emptyLayers).toEqual([1]);
    expect(pruneMasks(prepared, { ...rule, targetFraction: 0.25 }).emptyLayers).toEqual([1]);
  });

  it('says where a threshold empties each layer', () => {
    const points = collapsePoints(prepare(layers), { ...RULE, by: 'magnitude' });
    expect(points.map((p) => [p.layer, p.above])).toEqual([
      [0, 4],
      [1, Math.fround(0.6)],
    ]);
  });
});

describe('standard deviations (Han et al.)', () => {
  it('prunes below q × the layer’s standard deviation', () => {
    // mean 0, σ = √5 ≈ 2.236: q = 0.5 gives 1.118, q = 0.4 gives 0.894.
    const prepared = prepare([[2, 2, [1, -1, 3, -3]]]);
    expect(masksOf(prepared, { by: 'std', quality: 0.5 })).toEqual([[0, 0, 1, 1]]);
    expect(masksOf(prepared, { by: 'std', quality: 0.4 })).toEqual([[1, 1, 1, 1]]);
  });

  it('uses one σ over all kernels for the global scope', () => {
    const prepared = prepare([
      [1, 2, [1, -1]],
      [2, 1, [3, -3]],
    ]);
    // Per layer σ = 1 and 3: q = 1 keeps all. Global σ = √5: the first layer empties.
    expect(masksOf(prepared, { by: 'std', quality: 1 })).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(masksOf(prepared, { by: 'std', quality: 1, scope: 'global' })).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

describe('structured (neurons)', () => {
  // Kernel rows are inputs, columns neurons: column norms 5, 0, √2, RMS 5/√2, 0, 1.
  const layers: Array<[number, number, number[]]> = [
    [2, 3, [3, 0, 1, 4, 0, 1]],
    [3, 1, [0.1, 0.2, 0.3]],
  ];

  it('ranks neurons by the norm of their incoming weights and removes whole columns', () => {
    const prepared = prepare(layers, 'structured');
    // Keep round(3 · (1 − 1/3)) = 2 neurons: the first and the third.
    expect(masksOf(prepared, { by: 'target', targetFraction: 1 / 3 })).toEqual([
      [1, 0, 1, 1, 0, 1],
      [1, 1, 1],
    ]);
    // A threshold on the RMS incoming weight: only 5/√2 ≈ 3.54 passes 2.
    expect(masksOf(prepared, { by: 'magnitude', threshold: 2 })).toEqual([
      [1, 0, 0, 1, 0, 0],
      [1, 1, 1],
    ]);
  });

  it('leaves the output layer’s neurons alone', () => {
    const result = pruneMasks(prepare(layers, 'structured'), {
      ...RULE,
      method: 'structured',
      by: 'target',
      targetFraction: 0.9,
    });
    expect(Array.from(result.masks[1])).toEqual([1, 1, 1]);
    expect(Array.from(result.masks[0])).toEqual([1, 0, 0, 1, 0, 0]);
  });
});

describe('random (control)', () => {
  it('removes as many weights per layer as magnitude does, at other places, seeded', () => {
    const rng = createRng(3);
    const layers: Array<[number, number, number[]]> = [
      [10, 10, Array.from({ length: 100 }, () => rng() - 0.5)],
      [10, 1, Array.from({ length: 10 }, () => rng() - 0.5)],
    ];
    const rule = { by: 'target', targetFraction: 0.7, scope: 'global' } as const;
    const magnitude = masksOf(prepare(layers), rule);
    const random = masksOf(prepare(layers, 'random'), rule);
    const ones = (m: number[]) => m.reduce((a, b) => a + b, 0);
    expect(random.map(ones)).toEqual(magnitude.map(ones));
    expect(random[0]).not.toEqual(magnitude[0]);
    expect(masksOf(prepare(layers, 'random'), rule)).toEqual(random);
  });

  it('never keeps a weight pruned earlier', () => {
    const prior = [Uint8Array.from([0, 1, 1, 1, 1, 1, 0, 1])];
    const [mask] = masksOf(prepare([[2, 4, W]], 'random', prior), { by: 'target', targetFraction: 0.5 });
    expect(mask[0]).toBe(0);
    expect(mask[6]).toBe(0);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(4); // as the magnitude cut: 0.2, 0.1, -0.1, 0.09
  });
});

describe('output layer at a lower rate', () => {
  const rng = createRng(5);
  const layers: Array<[number, number, number[]]> = [
    [5, 2, Array.from({ length: 10 }, () => rng() + 0.01)],
    [2, 2, Array.from({ length: 4 }, () => rng() + 0.01)],
  ];

  it('cuts the output layer to half the target', () => {
    const masks = masksOf(prepare(layers), { by: 'target', targetFraction: 0.5, outputRate: 0.5 });
    expect(masks[0].filter((m) => m === 1)).toHaveLength(5);
    expect(masks[1].filter((m) => m === 1)).toHaveLength(3); // round(4 · 0.75)
  });

  it('cuts it to half the sparsity a threshold gave the hidden layers', () => {
    const sorted = [...layers[0][2]].sort((a, b) => b - a);
    const masks = masksOf(prepare(layers), { by: 'magnitude', threshold: Math.fround(sorted[1]), outputRate: 0.5 });
    expect(masks[0].filter((m) => m === 1)).toHaveLength(2); // 80% sparse
    expect(masks[1].filter((m) => m === 1)).toHaveLength(2); // 40% of 4 = 1.6 → keep round(2.4) = 2
  });
});

describe('rules refused', () => {
  it('names what it expected', () => {
    const prepared = prepare([[2, 4, W]]);
    expect(() => pruneMasks(prepared, { ...RULE, by: 'target', targetFraction: 1 })).toThrow(
      'Expected a target sparsity >= 0 and < 1, but got 1',
    );
    expect(() => pruneMasks(prepared, { ...RULE, threshold: -0.2 })).toThrow('Expected a threshold >= 0, but got -0.2');
    expect(() => pruneMasks(prepared, { ...RULE, method: 'random' })).toThrow(
      'Expected a rule for Unstructured (weights)',
    );
  });
});

describe('the collapse forecast with the output layer apart', () => {
  it('ranks only the hidden layers together, as the cut does', () => {
    const layers: Array<[number, number, number[]]> = [
      [2, 2, [1, 2, 3, 4]],
      [2, 1, [0.5, 0.6]],
      [1, 2, [9, 8]],
    ];
    const prepared = prepare(layers);
    const rule = { ...RULE, by: 'target', scope: 'global', outputRate: 0.5 } as const;
    // Hidden group: 4, 3, 2, 1, 0.6, 0.5 (the output's 9 and 8 left out): 0.6 ranks fifth of six,
    // so the forecast is the one of the scope test above.
    expect(collapsePoints(prepared, rule)).toEqual([{ layer: 1, above: 0.25 - 3 * 2 ** -26 }]);
    expect(pruneMasks(prepared, { ...rule, targetFraction: 0.25 - 3 * 2 ** -26 }).emptyLayers).toEqual([]);
    expect(pruneMasks(prepared, { ...rule, targetFraction: 0.25 }).emptyLayers).toEqual([1]);
  });
});

describe('2:4 semi-structured (method nm)', () => {
  const sine = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(i * k + 0.3));

  it('halves every layer whose input dimension is a multiple of 4, whatever the criterion says', () => {
    const prepared = prepare(
      [
        [8, 4, sine(32, 1.3)],
        [4, 1, sine(4, 0.7)],
      ],
      'nm',
    );
    for (const rule of [{ threshold: 0 }, { threshold: 9 }, { by: 'target' as const, targetFraction: 0.9 }]) {
      const { masks, emptyLayers } = pruneMasks(prepared, { ...RULE, method: 'nm', ...rule });
      expect(masks.map((m) => m.reduce((a, b) => a + b, 0))).toEqual([16, 2]);
      expect(emptyLayers).toEqual([]);
    }
    expect(collapsePoints(prepared, { ...RULE, method: 'nm' })).toEqual([]);
  });

  it('leaves a 2-input first layer dense (its one group is short, padded as the hardware pads it)', () => {
    const prepared = prepare(
      [
        [2, 4, sine(8, 0.9)],
        [4, 1, sine(4, 0.7)],
      ],
      'nm',
    );
    const { masks } = pruneMasks(prepared, { ...RULE, method: 'nm' });
    expect(Array.from(masks[0])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('keeps an earlier round’s cuts', () => {
    const prior = [Uint8Array.from([0, 0, 0, 1])];
    const prepared = prepare([[4, 1, [0.9, 0.8, 0.7, 0.1]]], 'nm', prior);
    expect(masksOf(prepared, {})).toEqual([[0, 0, 0, 1]]);
  });
});
