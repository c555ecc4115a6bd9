import { memo, useId, useLayoutEffect, useMemo, useRef } from 'react';
import {
  boundaryGrid,
  dataExtent,
  predictedClasses,
  type BoundaryGrid,
  type Extent,
} from '../../core/network/boundary';
import { formatCount } from '../../core/format';
import type { Activation, NetworkWeights } from '../../core/network/spec';
import { COLORS } from './colors';
import './chart.css';
import './DecisionBoundary.css';

/** Cells per side of the painted grid: 64² forward passes take a few ms, so it follows the slider. */
const RESOLUTION = 64;
/** The canvas's side in CSS pixels (it shrinks with a narrow column). */
const SIDE = 360;
const POINT_RADIUS = 4.5;
const RING_RADIUS = POINT_RADIUS + 2.25;
/** Region opacity at the least and the most confident cells. */
const ALPHA_MIN = 0.06;
const ALPHA_MAX = 0.5;
const RING = '#111827';

export interface PlanarPoints {
  /** Row-major [rows, 2]: each row a point in the plane. */
  x: Float32Array;
  /** [rows] class indices. */
  y: Float32Array;
  rows: number;
}

/**
 * What a two-input classifier predicts over the plane: each region in its class colour, paler where
 * the network is less sure, with the test points on top and the wrong ones ringed. The figure's
 * `data-signature` changes whenever the painted regions do, and `data-correct`/`data-total` count
 * the points on the right side, for tests.
 */
export const DecisionBoundary = memo(function DecisionBoundary({
  activation,
  weights,
  points,
  exact,
}: {
  activation: Activation;
  /** The network as it computes now (pruned weights exactly 0); it must take 2 inputs. */
  weights: NetworkWeights;
  /** The test split. */
  points: PlanarPoints;
  /** Whether the page's Accuracy readout counts every test row (false while it is a quick estimate). */
  exact: boolean;
}) {
  const captionId = useId();
  const regionsRef = useRef<HTMLCanvasElement>(null);
  const pointsRef = useRef<HTMLCanvasElement>(null);
  const extent = useMemo(() => dataExtent(points.x, points.rows), [points]);
  const grid = useMemo(() => boundaryGrid(activation, weights, extent, RESOLUTION), [activation, weights, extent]);
  const predicted = useMemo(
    () => predictedClasses(activation, weights, points.x, points.rows),
    [activation, weights, points],
  );
  const correct = useMemo(() => {
    let n = 0;
    for (let r = 0; r < points.rows; r++) if (predicted[r] === points.y[r]) n++;
    return n;
  }, [predicted, points]);
  const classes = useMemo(() => classCount(points.y, weights), [points, weights]);
  const cells = useMemo(() => signature(grid), [grid]);

  const outputs = outputWidth(weights);
  useLayoutEffect(() => {
    if (regionsRef.current) paintRegions(regionsRef.current, grid, outputs);
  }, [grid, outputs]);
  useLayoutEffect(() => {
    if (pointsRef.current) paintPoints(pointsRef.current, extent, points, predicted);
  }, [extent, points, predicted]);

  return (
    <figure
      className="card chart boundary"
      aria-label="Decision boundary"
      aria-describedby={captionId}
      data-signature={cells}
      data-correct={correct}
      data-total={points.rows}
    >
      <div className="figure-title" aria-hidden="true">
        Decision boundary
      </div>
      <div className="boundary-plot" aria-hidden="true">
        <canvas ref={regionsRef} className="boundary-regions" width={RESOLUTION} height={RESOLUTION} />
        <canvas ref={pointsRef} className="boundary-points" width={SIDE} height={SIDE} />
      </div>
      <figcaption id={captionId} className="figure-caption">
        <ul className="legend figure-legend" aria-hidden="true">
          {Array.from({ length: classes }, (_, c) => (
            <li key={c}>
              <span className="key dot" style={{ background: classColor(c) }} /> Class {c}
            </li>
          ))}
          <li>
            <span className="key dot ringed" style={{ background: COLORS.pruned }} /> Wrong side
          </li>
        </ul>
        <span>
          Each region takes the colour of the class the network predicts there, paler where it is less sure. Dots are
          the test points in their true class’s colour; a black ring marks a point on the wrong side.
        </span>{' '}
        <strong className="figure-count">
          Test points: {formatCount(correct)} of {formatCount(points.rows)} on the right side
        </strong>
        {!exact && <span> (the Accuracy readout is an estimate until the slider rests)</span>}
      </figcaption>
    </figure>
  );
});

function outputWidth(weights: NetworkWeights): number {
  return weights.biases[weights.biases.length - 1]?.length ?? 1;
}

function classColor(c: number): string {
  return COLORS.classes[c % COLORS.classes.length];
}

/** Classes to list: the output width (1 unit means 2 classes), or more if the labels say so. */
function classCount(y: Float32Array, weights: NetworkWeights): number {
  const outputs = outputWidth(weights);
  let count = outputs === 1 ? 2 : outputs;
  for (let r = 0; r < y.length; r++) if (y[r] + 1 > count) count = y[r] + 1;
  return count;
}

/** Cells per class and a short hash of the picture, e.g. "2011/2085 #3fa2c1": it changes when the regions do. */
function signature(grid: BoundaryGrid): string {
  const counts: number[] = [];
  let hash = 0x811c9dc5;
  for (let i = 0; i < grid.classOf.length; i++) {
    const c = grid.classOf[i];
    counts[c] = (counts[c] ?? 0) + 1;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return `${Array.from(counts, (n) => n ?? 0).join('/')} #${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * One pixel per cell, in the class colour with opacity by confidence: the browser scales the small
 * canvas up to the plot's size (smoothly), which costs far less than drawing it scaled.
 */
function paintRegions(canvas: HTMLCanvasElement, grid: BoundaryGrid, outputs: number): void {
  const n = grid.resolution;
  if (canvas.width !== n) {
    canvas.width = n;
    canvas.height = n;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(n, n);
  const rgb = COLORS.classes.map(hexToRgb);
  // The least a prediction can be sure of: 1/2 for a sigmoid, 1/k for k softmax classes.
  const floor = outputs === 1 ? 0.5 : 1 / outputs;
  const data = image.data;
  for (let i = 0; i < n * n; i++) {
    const [r, g, b] = rgb[grid.classOf[i] % rgb.length];
    const sure = Math.max(0, (grid.confidence[i] - floor) / (1 - floor));
    data[4 * i] = r;
    data[4 * i + 1] = g;
    data[4 * i + 2] = b;
    data[4 * i + 3] = Math.round(255 * (ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * sure));
  }
  ctx.putImageData(image, 0, 0);
}

/**
 * The test points at the device's pixel density, one path per class and kind: right points first,
 * wrong ones on top so that their rings show. The canvas is drawn on the CPU (willReadFrequently):
 * on software WebGL (SwiftShader) an accelerated canvas took several frames for these few paths.
 */
function paintPoints(canvas: HTMLCanvasElement, extent: Extent, points: PlanarPoints, predicted: Uint8Array): void {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const size = Math.round(SIDE * dpr);
  if (canvas.width !== size) {
    canvas.width = size;
    canvas.height = size;
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, size, size);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const sx = SIDE / (extent.xMax - extent.xMin);
  const sy = SIDE / (extent.yMax - extent.yMin);
  const classes = COLORS.classes.length;
  const right = Array.from({ length: classes }, () => new Path2D());
  const wrong = Array.from({ length: classes }, () => new Path2D());
  const rings = new Path2D();
  for (let r = 0; r < points.rows; r++) {
    const px = (points.x[2 * r] - extent.xMin) * sx;
    const py = (extent.yMax - points.x[2 * r + 1]) * sy;
    const label = points.y[r];
    const isWrong = predicted[r] !== label;
    const path = (isWrong ? wrong : right)[label % classes];
    path.moveTo(px + POINT_RADIUS, py);
    path.arc(px, py, POINT_RADIUS, 0, 2 * Math.PI);
    if (isWrong) {
      rings.moveTo(px + RING_RADIUS, py);
      rings.arc(px, py, RING_RADIUS, 0, 2 * Math.PI);
    }
  }
  // A wide white stroke under each class's fill: the fill covers the inner half, so every dot keeps
  // a white edge without outlines painting over the dots they overlap.
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  for (const group of [right, wrong]) {
    group.forEach((path, c) => {
      ctx.stroke(path);
      ctx.fillStyle = COLORS.classes[c];
      ctx.fill(path);
    });
  }
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = RING;
  ctx.stroke(rings);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
