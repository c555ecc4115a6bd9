import { memo, useId, useMemo } from 'react';
import { formatCount } from '../../core/format';
import { layerHistograms, type HistogramBin, type HistogramLayer } from '../../core/histogram';
import { COLORS } from './colors';
import { StackedBars } from './StackedBars';
import './chart.css';
import './LayerHistograms.css';

const BINS = 31;
const PANEL_HEIGHT = 190;
const PANEL_MARGINS = { top: 8, right: 14, bottom: 32, left: 46 } as const;

export interface HistogramLayerInput extends HistogramLayer {
  name: string;
}

interface Panel {
  name: string;
  bins: HistogramBin[];
  kept: number;
  pruned: number;
  prunedEarlier: number;
}

/**
 * Small multiples: one histogram per layer, kept weights in blue and those the current mask prunes
 * in grey, stacked. Every panel shares the weight axis (±the largest |w| in play in any layer), so
 * one threshold cuts the same band out of each; each panel counts on its own scale.
 */
export const LayerHistograms = memo(function LayerHistograms({ layers }: { layers: readonly HistogramLayerInput[] }) {
  const titleId = useId();
  const { panels, extent } = useMemo(() => binLayers(layers), [layers]);
  return (
    <section className="card chart layer-histograms" aria-labelledby={titleId}>
      <h2 id={titleId}>Weights per layer</h2>
      <div className="chart-legend-row">
        <p className="chart-help">
          One histogram per layer, on the same weight axis: the threshold cuts the same band out of each, but a layer
          whose weights are small loses more of them. Each panel counts on its own scale.
        </p>
        <ul className="legend" aria-hidden="true">
          <li>
            <span className="key" style={{ background: COLORS.kept }} /> Kept
          </li>
          <li>
            <span className="key" style={{ background: COLORS.pruned }} /> Pruned
          </li>
        </ul>
      </div>
      {panels.length === 0 ? (
        <p className="empty">Train the network to see its weights.</p>
      ) : (
        <div className="layer-histogram-grid">
          {panels.map((p, i) => (
            <LayerPanel key={`${i}:${p.name}`} panel={p} extent={extent} />
          ))}
        </div>
      )}
    </section>
  );
});

const LayerPanel = memo(function LayerPanel({ panel, extent }: { panel: Panel; extent: number }) {
  const titleId = useId();
  return (
    <div className="layer-histogram" role="group" aria-labelledby={titleId}>
      <div className="layer-histogram-head">
        <span className="panel-title" id={titleId}>
          {panel.name}
        </span>
        <span className="layer-histogram-count">
          {formatCount(panel.pruned)} of {formatCount(panel.kept + panel.pruned)} pruned
          {panel.prunedEarlier > 0 && ` (+${formatCount(panel.prunedEarlier)} earlier)`}
        </span>
      </div>
      <StackedBars
        bins={panel.bins}
        extent={extent}
        height={PANEL_HEIGHT}
        margins={PANEL_MARGINS}
        formatX={formatTick}
        formatY={formatAxisCount}
      />
    </div>
  );
});

function formatTick(v: number): string {
  return v === 0 ? '0' : v.toFixed(2);
}

/** Counts on a small axis: 1200 → "1.2k". */
function formatAxisCount(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}k` : String(v);
}

/** Each layer's histogram over the shared axis (core/histogram), as the rows its panel draws. */
function binLayers(layers: readonly HistogramLayerInput[]): { panels: Panel[]; extent: number } {
  const { histograms, extent } = layerHistograms(layers, BINS);
  const panels = histograms.map(({ bins, prunedEarlier }, i) => ({
    name: layers[i].name,
    bins,
    kept: bins.reduce((sum, bin) => sum + bin.kept, 0),
    pruned: bins.reduce((sum, bin) => sum + bin.pruned, 0),
    prunedEarlier,
  }));
  return { panels, extent };
}
