import { memo } from 'react';
import { formatCount, formatPercent } from '../../core/format';
import type { LayerSparsity as Layer } from '../../engine/session';
import './LayerSparsity.css';

/** Per-layer share of zero weights, as bars: where the pruning falls. */
export const LayerSparsity = memo(function LayerSparsity({ layers }: { layers: readonly Layer[] }) {
  return (
    <section className="card" aria-labelledby="layers-title">
      <h2 id="layers-title">Sparsity per layer</h2>
      <ul className="layer-bars">
        {layers.map((layer) => {
          const share = layer.total ? layer.zeros / layer.total : 0;
          return (
            <li key={layer.name}>
              <span className="layer-name">{layer.name}</span>
              <span className="bar" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${share * 100}%` }} />
              </span>
              <span className="layer-figure">
                {formatPercent(share)}{' '}
                <small>
                  ({formatCount(layer.zeros)} of {formatCount(layer.total)})
                </small>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
