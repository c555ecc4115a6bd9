import { memo, useEffect, useMemo, useRef } from 'react';
import { predictedClasses } from '../../core/network/boundary';
import type { Activation, NetworkWeights } from '../../core/network/spec';
import { COLORS } from './colors';
import './chart.css';
import './DigitGrid.css';

/** One digit's side on screen, in CSS px (28 image pixels → 2 screen pixels each). */
const DIGIT_PX = 56;

interface Props {
  activation: Activation;
  /** The current (masked) weights. */
  weights: NetworkWeights;
  /** Test rows: `x` row-major [rows, width·height] in [0, 1], `y` [rows] class indices. */
  test: { x: Float32Array; y: Float32Array; rows: number };
  image: { width: number; height: number };
  /** How many of the first test rows to show. */
  count?: number;
}

/**
 * The first `count` test digits with the current model's answer under each; a wrong answer is
 * marked in the mistake colour with the true label. Only those rows are run through the network,
 * again whenever `weights` change.
 */
export const DigitGrid = memo(function DigitGrid({ activation, weights, test, image, count = 24 }: Props) {
  const features = image.width * image.height;
  const shown = Math.max(0, Math.min(count, test.rows));
  const predictions = useMemo(() => {
    // Zero weights are skipped: on a pruned LeNet this is a slider step's largest cost otherwise.
    return predictedClasses(activation, weights, test.x.subarray(0, shown * features), shown);
  }, [activation, weights, test.x, shown, features]);

  const right = predictions.reduce((n, p, i) => n + (p === test.y[i] ? 1 : 0), 0);
  const items = Array.from({ length: shown }, (_, i) => ({ index: i, predicted: predictions[i], truth: test.y[i] }));

  return (
    <figure className="card chart digit-grid" aria-label="Test digits" data-right={right} data-shown={shown}>
      <figcaption>
        <span className="figure-title">Test digits</span>
        <span className="chart-help">
          The first {shown} test digits, the model’s answer under each. Wrong answers are in red with the true label
          (“7, was 9”).{' '}
          <strong className="digit-score">
            {right} of {shown} right.
          </strong>
        </span>
      </figcaption>
      <ol className="digits">
        {items.map(({ index, predicted, truth }) => {
          const wrong = predicted !== truth;
          return (
            <li
              key={index}
              className={wrong ? 'digit wrong' : 'digit'}
              style={wrong ? { borderColor: COLORS.mistake } : undefined}
            >
              <DigitCanvas x={test.x} row={index} image={image} />
              <span
                className="digit-answer"
                style={wrong ? { color: COLORS.mistake } : undefined}
                aria-label={wrong ? `Answer ${predicted}, wrong: it was ${truth}` : `Answer ${predicted}, right`}
              >
                {wrong ? `${predicted}, was ${truth}` : predicted}
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
});

/** Row `row` of `x` drawn dark on white, pixel for pixel; CSS scales it up without smoothing. */
const DigitCanvas = memo(function DigitCanvas({
  x,
  row,
  image,
}: {
  x: Float32Array;
  row: number;
  image: { width: number; height: number };
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = ref.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const n = image.width * image.height;
    const pixels = x.subarray(row * n, (row + 1) * n);
    const data = ctx.createImageData(image.width, image.height);
    for (let i = 0; i < pixels.length; i++) {
      const ink = 255 - Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
      data.data[4 * i] = ink;
      data.data[4 * i + 1] = ink;
      data.data[4 * i + 2] = ink;
      data.data[4 * i + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }, [x, row, image.width, image.height]);
  return (
    <canvas
      ref={ref}
      width={image.width}
      height={image.height}
      className="digit-canvas"
      style={{ width: DIGIT_PX, height: (DIGIT_PX * image.height) / image.width }}
      aria-hidden="true"
    />
  );
});
