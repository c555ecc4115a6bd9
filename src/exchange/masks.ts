import type { Mask } from '../core/pruning/mask';
import type { PruneRule } from '../core/pruning/prune';
import { kernelShapes, layerNames, type NetworkSpec } from '../core/network/spec';

export { MASKS_FILE } from './names';

/** One layer's mask as the JSON gives it: a row of "1" (kept) and "0" (pruned) per input. */
export interface LayerMaskJson {
  /** The layer's name in the model (dense, dense_1, …) and on the page ("Dense 1 (20→64)"). */
  layer: string;
  label: string;
  /** [fanIn, fanOut], as the kernel. */
  shape: [number, number];
  kept: number;
  pruned: number;
  /** rows[i][j] is "1" when kernel[i][j] is kept, "0" when it is pruned (exactly zero in the weights). */
  rows: string[];
}

/** What was cut and by which rule: the small JSON beside an exported model. */
export interface MasksJson {
  format: 'pruning-lab-masks';
  version: 1;
  /** Share of kernel weights that are pruned, in [0, 1]. */
  sparsity: number;
  rule: PruneRule;
  /** The page's settings, as the address carries them (`?v=1&data=…`). */
  settings: string;
  layers: LayerMaskJson[];
  note: string;
}

/** The masks of a `spec`-shaped network and the rule that made them, as the JSON beside its export. */
export function masksJson(spec: NetworkSpec, masks: readonly Mask[], rule: PruneRule, settings: string): MasksJson {
  const labels = layerNames(spec);
  let pruned = 0;
  let total = 0;
  const layers = kernelShapes(spec).map(([fanIn, fanOut], l): LayerMaskJson => {
    const mask = masks[l];
    const rows: string[] = [];
    let kept = 0;
    for (let i = 0; i < fanIn; i++) {
      let row = '';
      for (let j = 0; j < fanOut; j++) {
        const keep = mask[i * fanOut + j] !== 0;
        row += keep ? '1' : '0';
        if (keep) kept++;
      }
      rows.push(row);
    }
    pruned += fanIn * fanOut - kept;
    total += fanIn * fanOut;
    return {
      layer: l === 0 ? 'dense' : `dense_${l}`,
      label: labels[l],
      shape: [fanIn, fanOut],
      kept,
      pruned: fanIn * fanOut - kept,
      rows,
    };
  });
  return {
    format: 'pruning-lab-masks',
    version: 1,
    sparsity: total === 0 ? 0 : pruned / total,
    rule,
    settings,
    layers,
    note:
      'Each pruned weight is exactly 0 in the model. To keep them at 0 while training elsewhere, multiply each ' +
      'kernel by its mask after every optimizer step (rows[i][j] = "1": kept). Biases are never pruned.',
  };
}

/** The keep-masks in `json`, one per layer, or null when it is not a masks file of this shape. */
export function masksFromJson(json: unknown): Uint8Array[] | null {
  const doc = json as Partial<MasksJson> | null;
  if (!doc || doc.format !== 'pruning-lab-masks' || !Array.isArray(doc.layers)) return null;
  return doc.layers.map((layer) => {
    const [fanIn, fanOut] = layer.shape;
    const mask = new Uint8Array(fanIn * fanOut);
    layer.rows.forEach((row, i) => {
      for (let j = 0; j < fanOut; j++) mask[i * fanOut + j] = row[j] === '1' ? 1 : 0;
    });
    return mask;
  });
}
