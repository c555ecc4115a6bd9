import { memo, useEffect, useMemo, useRef } from 'react';
import { formatCount } from '../../core/format';
import type { Mask } from '../../core/pruning/mask';
import { filterPictures, type FilterPicture } from '../../core/conv/picture';
import { kernelDims } from '../../core/conv/spec';
import { convNetOf, type NetworkSpec } from '../../core/network/spec';
import './chart.css';
import './ConvFigures.css';

/** Each filter's side on screen, in CSS px. */
const TILE = 64;

interface Props {
  /** The network; its first convolution is drawn (one input channel). */
  spec: NetworkSpec;
  /** That convolution's HWIO kernel before masking, [kh, kw, 1, filters] flat. */
  kernel: Float32Array;
  mask: Mask;
}

/**
 * The first convolution's filters as small images on one diverging scale (blue negative, white 0,
 * red positive); a pruned weight shows as 0, and a filter with no weight left is dark and crossed
 * out. `data-pruned-filters` holds how many are, for tests.
 */
export const FirstLayerFilters = memo(function FirstLayerFilters({ spec, kernel, mask }: Props) {
  const pictures = useMemo(() => filterPictures(kernel, kernelDims(convNetOf(spec)!)[0], mask), [spec, kernel, mask]);
  const pruned = pictures.filters.filter((f) => f.pruned).length;
  const perFilter = pictures.width * pictures.height;
  return (
    <figure className="card chart conv-figure" aria-label="First-layer filters" data-pruned-filters={pruned}>
      <figcaption>
        <span className="figure-title">First-layer filters</span>
        <span className="chart-help">
          Each {pictures.width}×{pictures.height} filter is what its feature map looks for in a digit: red weights add,
          blue ones subtract. A filter pruned whole is dark and crossed out; its map goes flat.
        </span>
      </figcaption>
      <ul className="conv-tiles">
        {pictures.filters.map((filter, f) => {
          const kept = keptOf(mask, f, pictures.filters.length, perFilter);
          return (
            <li
              key={f}
              className={filter.pruned ? 'conv-tile pruned' : 'conv-tile'}
              aria-label={
                filter.pruned
                  ? `Filter ${f + 1}: pruned`
                  : `Filter ${f + 1}: ${formatCount(kept)} of ${formatCount(perFilter)} weights kept`
              }
            >
              <FilterTile picture={filter} width={pictures.width} height={pictures.height} />
              <span aria-hidden="true">
                {f + 1}: {filter.pruned ? 'pruned' : `${kept}/${perFilter}`}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="conv-scale">
        Full red or blue: |w| = {pictures.scale.toPrecision(2)}, the largest kept weight. Filters pruned:{' '}
        {formatCount(pruned)} of {formatCount(pictures.filters.length)}.
      </p>
    </figure>
  );
});

/** Kept weights of filter `f` (column f of the [taps, filters] mask). */
function keptOf(mask: Mask, f: number, filters: number, taps: number): number {
  let kept = 0;
  for (let t = 0; t < taps; t++) kept += mask[t * filters + f];
  return kept;
}

function FilterTile({ picture, width, height }: { picture: FilterPicture; width: number; height: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(Uint8ClampedArray.from(picture.pixels), width, height), 0, 0);
  }, [picture, width, height]);
  return (
    <span className="conv-tile-image">
      <canvas ref={canvas} width={width} height={height} style={{ width: TILE, height: (TILE * height) / width }} />
      {picture.pruned && (
        <svg className="cross" viewBox="0 0 10 10" aria-hidden="true">
          <path d="M1 1 L9 9 M9 1 L1 9" stroke="#f9fafb" strokeWidth="0.8" />
        </svg>
      )}
    </span>
  );
}
