import { memo, useEffect, useMemo, useRef } from 'react';
import { formatCount, formatPercent } from '../../core/format';
import type { Mask } from '../../core/pruning/mask';
import { survivingInputCounts } from '../../core/network/surviving';
import './chart.css';
import './SurvivingInputs.css';

/** The drawn image's side, in CSS px. */
const SIDE = 280;
/** Light to dark for 1 … the most any pixel keeps; 0 is drawn white. */
const RAMP = ['#dbe9f6', '#9cc3e4', '#5b9bd0', '#2670b5', '#0b4690', '#08234f'] as const;
const RAMP_RGB = RAMP.map(hexToRgb);
const EMPTY = '#ffffff';

interface Props {
  /** The first kernel's keep-mask, row-major [width·height, fanOut]. */
  mask: Mask;
  fanOut: number;
  image: { width: number; height: number };
}

/**
 * The first layer's surviving weights per input pixel, drawn as a heat map over the image: white
 * where a pixel has no weight left, darker the more of its `fanOut` weights the mask keeps. The
 * scale runs to the most any pixel keeps (stated beside it), so the pattern stays visible at 99%
 * sparsity; on a fixed 0 … fanOut scale a heavily pruned layer would fade to near white.
 */
export const SurvivingInputs = memo(function SurvivingInputs({ mask, fanOut, image }: Props) {
  const pixels = image.width * image.height;
  const problem =
    !Number.isInteger(pixels) || pixels <= 0 || mask.length !== pixels * fanOut
      ? `Expected a first-layer mask of ${image.width} × ${image.height} pixels × ${fanOut} neurons (${pixels * fanOut} entries), but got ${mask.length}`
      : null;
  const counts = useMemo(
    () => (problem ? null : survivingInputCounts(mask, pixels, fanOut)),
    [mask, pixels, fanOut, problem],
  );
  const stats = useMemo(() => {
    let kept = 0;
    let empty = 0;
    let most = 0;
    for (const c of counts ?? []) {
      kept += c;
      if (c === 0) empty++;
      if (c > most) most = c;
    }
    return { kept, empty, most };
  }, [counts]);

  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el || !counts) return;
    const cell = Math.max(1, Math.round((SIDE * (window.devicePixelRatio || 1)) / image.width));
    el.width = cell * image.width;
    el.height = cell * image.height;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    for (let i = 0; i < counts.length; i++) {
      ctx.fillStyle = shade(counts[i], stats.most);
      ctx.fillRect((i % image.width) * cell, Math.floor(i / image.width) * cell, cell, cell);
    }
  }, [counts, stats.most, image.width, image.height]);

  const total = pixels * fanOut;
  return (
    <figure
      className="card chart surviving"
      aria-label="Surviving inputs"
      data-kept={stats.kept}
      data-empty-pixels={stats.empty}
    >
      <figcaption>
        <span className="figure-title">Surviving inputs</span>
        <span className="chart-help">
          Each pixel’s shade is how many of its {formatCount(fanOut)} first-layer weights survive; Han et al. found the
          survivors gather in the centre, where digits are drawn.
        </span>
      </figcaption>
      {problem ? (
        <p className="empty">{problem}</p>
      ) : (
        <div className="surviving-body">
          <canvas
            ref={canvas}
            className="surviving-map"
            style={{ width: SIDE, height: (SIDE * image.height) / image.width }}
            role="img"
            aria-label={`Heat map of ${image.width} × ${image.height} pixels: surviving first-layer weights per pixel, 0 to ${stats.most} of ${fanOut}`}
          />
          <div className="surviving-side">
            <div className="color-bar" aria-hidden="true">
              <span className="color-bar-zero" style={{ background: EMPTY }} />
              <span
                className="color-bar-ramp"
                style={{ background: `linear-gradient(to right, ${RAMP.join(', ')})` }}
              />
            </div>
            <div className="color-bar-labels" aria-hidden="true">
              <span>0</span>
              <span>1</span>
              <span>{formatCount(Math.max(stats.most, 1))}</span>
            </div>
            <p className="color-bar-note">
              White: no weight left.{' '}
              {stats.most > 0
                ? `Darkest: ${formatCount(stats.most)} of ${formatCount(fanOut)} kept, the most of any pixel.`
                : 'No pixel keeps any weight.'}
            </p>
            <ul className="surviving-stats">
              <li>
                Pixels with no weight left: {formatCount(stats.empty)} of {formatCount(pixels)}
              </li>
              <li>
                Weights kept: {formatCount(stats.kept)} of {formatCount(total)} (
                {formatPercent(total ? stats.kept / total : 0)})
              </li>
            </ul>
          </div>
        </div>
      )}
    </figure>
  );
});

/** The colour of a pixel with `count` weights kept: white for 0, then RAMP linearly from 1 to `most`. */
function shade(count: number, most: number): string {
  if (count <= 0) return EMPTY;
  const t = most <= 1 ? 1 : (count - 1) / (most - 1);
  const pos = Math.min(1, t) * (RAMP_RGB.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, RAMP_RGB.length - 1);
  const f = pos - lo;
  const mix = (k: 0 | 1 | 2) => Math.round(RAMP_RGB[lo][k] + (RAMP_RGB[hi][k] - RAMP_RGB[lo][k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
