/**
 * The Network figure's drawing: neurons in columns, links between them, on a 2D canvas. Kept links
 * are drawn one stroke each in a few widths per sign; pruned links as one faint path.
 */
import type { Mask } from '../../../core/pruning/mask';
import type { NetworkWeights } from '../../../core/network/spec';
import { COLORS } from '../colors';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The canvas's height in CSS px. */
export const NETWORK_HEIGHT = 420;
/** Room above the columns for the layer names and below them for the neuron counts, in CSS px. */
const TOP = 34;
const BOTTOM = 30;
const SIDE_PAD = 22;
/** Kept links fall into this many widths (and strengths) per sign, by |w| / the largest kept |w|. */
const WIDTH_STEPS = 6;
const NEURON_FILL = '#1f2937';

/** What the drawing needs: the weights before masking, the masks, and what was counted from them. */
export interface NetworkDrawing {
  source: NetworkWeights;
  masks: readonly Mask[];
  /** [fanIn, fanOut] of each kernel. */
  shapes: Array<[number, number]>;
  /** Kept links (non-zero after masking). */
  kept: number;
  /** Per hidden layer, per neuron: no kept incoming or no kept outgoing link. */
  dead: boolean[][];
}

/** "Dense 1 (20→64)" → "Dense 1". */
export function shortName(name: string): string {
  return name.replace(/\s*\(.*\)\s*$/, '');
}

/** How to draw: the canvas's width in CSS px and its pixels per CSS px. */
export interface NetworkFrame {
  width: number;
  /** 1 on a CPU canvas (software graphics); the device's pixel ratio with a graphics card. */
  dpr: number;
  /** Draw on a CPU canvas (willReadFrequently): without a graphics card that is far cheaper. */
  software: boolean;
}

/**
 * Draws links, neurons and labels on a page canvas or on an OffscreenCanvas (in the painter's worker),
 * resizing it to the frame first.
 */
export function drawNetwork(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  { width, dpr, software }: NetworkFrame,
  drawing: NetworkDrawing,
  layerNames: readonly string[],
): void {
  const w = Math.round(width * dpr);
  const h = Math.round(NETWORK_HEIGHT * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx: Context2D | null = canvas.getContext('2d', { willReadFrequently: software });
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, NETWORK_HEIGHT);

  const { source, masks, shapes, dead } = drawing;
  const widths = [shapes[0][0], ...shapes.map(([, fanOut]) => fanOut)];
  const columns = widths.length;
  const colX = (c: number) => SIDE_PAD + ((width - 2 * SIDE_PAD) * c) / (columns - 1);
  const span = NETWORK_HEIGHT - TOP - BOTTOM;
  const pitch = widths.map((n) => Math.min(span / n, 40));
  const rowY = (c: number, j: number) => TOP + span / 2 + (j - (widths[c] - 1) / 2) * pitch[c];
  const radius = widths.map((_, c) => Math.max(1.6, Math.min(9, pitch[c] * 0.36)));

  // Largest kept |w|: the width scale.
  let largest = 0;
  for (let l = 0; l < shapes.length; l++) {
    const k = source.kernels[l];
    const m = masks[l];
    for (let i = 0; i < k.length; i++) if (m[i] === 1 && Math.abs(k[i]) > largest) largest = Math.abs(k[i]);
  }

  // Pruned links first, faint.
  const pruned: number[] = [];
  for (let l = 0; l < shapes.length; l++) {
    const [fanIn, fanOut] = shapes[l];
    const m = masks[l];
    const x0 = colX(l);
    const x1 = colX(l + 1);
    for (let i = 0; i < fanIn; i++) {
      for (let j = 0; j < fanOut; j++) {
        if (m[i * fanOut + j] === 1 && source.kernels[l][i * fanOut + j] !== 0) continue;
        pruned.push(x0, rowY(l, i), x1, rowY(l + 1, j));
      }
    }
  }
  ctx.globalAlpha = 0.3;
  ctx.lineWidth = 0.6;
  ctx.strokeStyle = COLORS.pruned;
  strokeAll(ctx, pruned);

  // Kept links in WIDTH_STEPS groups per sign, thin and pale first, thick and strong on top.
  if (largest > 0) {
    const groups: number[][] = Array.from({ length: WIDTH_STEPS * 2 }, () => []);
    for (let l = 0; l < shapes.length; l++) {
      const [fanIn, fanOut] = shapes[l];
      const k = source.kernels[l];
      const m = masks[l];
      const x0 = colX(l);
      const x1 = colX(l + 1);
      for (let i = 0; i < fanIn; i++) {
        for (let j = 0; j < fanOut; j++) {
          const v = k[i * fanOut + j];
          if (m[i * fanOut + j] !== 1 || v === 0) continue;
          const step = Math.min(WIDTH_STEPS - 1, Math.floor((Math.abs(v) / largest) * WIDTH_STEPS));
          groups[step * 2 + (v > 0 ? 0 : 1)].push(x0, rowY(l, i), x1, rowY(l + 1, j));
        }
      }
    }
    // Thin links get thinner when there are many, so a dense layer does not become a solid block.
    const crowd = Math.min(1, Math.sqrt(600 / Math.max(600, drawing.kept)));
    for (let g = 0; g < groups.length; g++) {
      const t = (Math.floor(g / 2) + 1) / WIDTH_STEPS;
      ctx.lineWidth = (0.5 + 4 * t * t) * (0.5 + 0.5 * crowd);
      ctx.globalAlpha = 0.35 + 0.6 * t;
      ctx.strokeStyle = g % 2 === 0 ? COLORS.positive : COLORS.negative;
      strokeEach(ctx, groups[g]);
    }
  }
  ctx.globalAlpha = 1;

  // Neurons on top.
  for (let c = 0; c < columns; c++) {
    const x = colX(c);
    const r = radius[c];
    const deadHere = c > 0 && c < columns - 1 ? dead[c - 1] : null;
    ctx.beginPath();
    for (let j = 0; j < widths[c]; j++) {
      if (deadHere?.[j]) continue;
      const y = rowY(c, j);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.fillStyle = NEURON_FILL;
    ctx.fill();
    if (!deadHere) continue;
    ctx.beginPath();
    const arm = Math.max(r * 0.75, 2);
    for (let j = 0; j < widths[c]; j++) {
      if (!deadHere[j]) continue;
      const y = rowY(c, j);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.moveTo(x - arm, y - arm);
      ctx.lineTo(x + arm, y + arm);
      ctx.moveTo(x - arm, y + arm);
      ctx.lineTo(x + arm, y - arm);
    }
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.strokeStyle = COLORS.dead;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }

  // Layer names over the link bands, neuron counts under the columns.
  ctx.fillStyle = COLORS.axis;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'center';
  ctx.font = '600 14px system-ui, sans-serif';
  for (let l = 0; l < shapes.length; l++) {
    const name = shortName(layerNames[l] ?? `Layer ${l + 1}`);
    ctx.fillText(name, (colX(l) + colX(l + 1)) / 2, 18, colX(l + 1) - colX(l) - 6);
  }
  ctx.font = '14px system-ui, sans-serif';
  for (let c = 0; c < columns; c++) {
    const label = c === 0 ? `${widths[c]} in` : c === columns - 1 ? `${widths[c]} out` : String(widths[c]);
    ctx.textAlign = c === 0 ? 'left' : c === columns - 1 ? 'right' : 'center';
    const x =
      c === 0
        ? Math.max(2, colX(c) - radius[c])
        : c === columns - 1
          ? Math.min(width - 2, colX(c) + radius[c])
          : colX(c);
    ctx.fillText(label, x, NETWORK_HEIGHT - 8);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/**
 * Strokes each segment (x0, y0, x1, y1 in a flat list) on its own: with thousands of long
 * overlapping thick lines, Skia rasterizes separate strokes about twice as fast as one path.
 */
function strokeEach(ctx: Context2D, segments: readonly number[]): void {
  for (let b = 0; b < segments.length; b += 4) {
    ctx.beginPath();
    ctx.moveTo(segments[b], segments[b + 1]);
    ctx.lineTo(segments[b + 2], segments[b + 3]);
    ctx.stroke();
  }
}

/** Strokes all segments as one path: cheap for thin lines. */
function strokeAll(ctx: Context2D, segments: readonly number[]): void {
  ctx.beginPath();
  for (let b = 0; b < segments.length; b += 4) {
    ctx.moveTo(segments[b], segments[b + 1]);
    ctx.lineTo(segments[b + 2], segments[b + 3]);
  }
  ctx.stroke();
}
