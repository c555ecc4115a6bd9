import { memo, useEffect, useMemo, useRef } from 'react';
import { convNetOf, type NetworkSpec, type NetworkWeights } from '../../core/network/spec';
import { forwardStages } from '../../core/conv/forward';
import { convGeometry } from '../../core/conv/spec';
import type { Split } from '../../data/types';
import './chart.css';
import './ConvFigures.css';

/** Each map's side on screen, in CSS px. */
const TILE = 56;

interface Props {
  spec: NetworkSpec;
  /** The weights before pruning (the dense network) and with the mask applied. */
  source: NetworkWeights;
  masked: NetworkWeights;
  test: Split;
}

/**
 * The first convolution's feature maps (after relu) of one test digit, for the network before
 * pruning and after, on one grey scale (white 0, black the largest value of either row), so that a
 * pruned filter's flat map and a weakened one show as they are. Counted in JavaScript on one digit.
 */
export const FeatureMaps = memo(function FeatureMaps({ spec, source, masked, test }: Props) {
  const conv = useMemo(() => convNetOf(spec), [spec]);
  const maps = useMemo(() => {
    if (!conv || test.rows === 0) return null;
    const x = test.x.subarray(0, spec.inputs);
    return [source, masked].map((weights) => forwardStages(conv, weights, x, 1).maps[0]);
  }, [conv, spec.inputs, source, masked, test]);
  const geometry = useMemo(() => conv && convGeometry(conv)[0].conv, [conv]);
  if (!conv || !maps || !geometry) return null;
  const [height, width] = conv.input;
  const [mapHeight, mapWidth, filters] = geometry;
  let most = 0;
  for (const row of maps) for (const v of row) most = Math.max(most, v);
  const digit = test.x.subarray(0, spec.inputs);
  return (
    <figure className="card chart conv-figure" aria-label="Feature maps">
      <figcaption>
        <span className="figure-title">Feature maps</span>
        <span className="chart-help">
          What the first layer’s {filters} filters see in test digit 1 (a {test.y[0]}), before and after pruning. Darker
          is stronger; a pruned filter’s map is flat.
        </span>
      </figcaption>
      <ul className="conv-tiles">
        <li className="conv-tile" aria-label={`Test digit 1, a ${test.y[0]}`}>
          <GreyTile values={digit} width={width} height={height} most={1} />
          <span aria-hidden="true">digit</span>
        </li>
      </ul>
      {(['Before pruning', 'After pruning'] as const).map((label, r) => (
        <div key={label}>
          <p className="conv-row-label">{label}</p>
          <ul className="conv-tiles" aria-label={`Feature maps ${label.toLowerCase()}`}>
            {Array.from({ length: filters }, (_, f) => (
              <li key={f} className="conv-tile">
                <GreyTile values={channel(maps[r], f, filters)} width={mapWidth} height={mapHeight} most={most} />
                <span aria-hidden="true">{f + 1}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </figure>
  );
});

/** Channel `f` of NHWC maps with `channels` channels, as its own row-major array. */
function channel(maps: Float32Array, f: number, channels: number): Float32Array {
  return Float32Array.from({ length: maps.length / channels }, (_, p) => maps[p * channels + f]);
}

/** A `width`×`height` image of `values` on a grey scale from white (0) to black (`most`). */
function GreyTile({
  values,
  width,
  height,
  most,
}: {
  values: Float32Array;
  width: number;
  height: number;
  most: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const pixels = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const t = most > 0 ? Math.min(1, Math.max(0, values[p] / most)) : 0;
      const shade = 255 - Math.round(255 * t);
      pixels.set([shade, shade, shade, 255], p * 4);
    }
    ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  }, [values, width, height, most]);
  return (
    <span className="conv-tile-image">
      <canvas ref={canvas} width={width} height={height} style={{ width: TILE, height: (TILE * height) / width }} />
    </span>
  );
}
