import { memo, useId, useLayoutEffect, useMemo, useRef } from 'react';
import { deadNeurons } from '../../core/pruning/compact';
import { formatCount, formatPercent } from '../../core/format';
import { chainedShapes } from '../../core/network/forward';
import type { Mask } from '../../core/pruning/mask';
import type { Activation, NetworkWeights } from '../../core/network/spec';
import { COLORS } from './colors';
import { NETWORK_HEIGHT, shortName, type NetworkDrawing } from './network/draw';
import { holdNetworkCanvas, paintNetwork } from './network/painter';
import './chart.css';
import './NetworkFigure.css';
import { useBoxWidth } from './useBoxWidth';

/** Beyond these the links would be a grey blur: the figure says so in words instead. */
const MAX_LAYER_WIDTH = 64;
const MAX_LINKS = 5000;

interface Summary extends NetworkDrawing {
  links: number;
  drawable: boolean;
}

/**
 * The network as neurons in columns (inputs, hidden layers, outputs) and the links between them:
 * a kept link's width follows |w| (relative to the largest kept |w|), its colour the sign; pruned
 * links are faint grey; dead neurons are hollow grey with a ×. Networks too large to draw link by
 * link get a sentence instead. `data-kept` and `data-links` hold the counts, for tests.
 */
export const NetworkFigure = memo(function NetworkFigure({
  source,
  masks,
  masked,
  activation,
  layerNames,
  about,
}: {
  /** The weights before masking. */
  source: NetworkWeights;
  /** `source` with the masks applied (the engine's copy: not made again here). */
  masked: NetworkWeights;
  /** One keep-mask per kernel (1 = kept). */
  masks: readonly Mask[];
  activation: Activation;
  /** One name per kernel, first layer first: "Dense 1 (2→32)", ..., "Output (32→1)". */
  layerNames: readonly string[];
  /** A sentence on what the figure shows of a network it draws only in part (a conv net's dense layers). */
  about?: string;
}) {
  const captionId = useId();
  const summary = useMemo(() => summarise(source, masks, masked), [source, masks, masked]);
  const pruned = summary.links - summary.kept;
  const hiddenNames = summary.dead.map((_, l) => shortName(layerNames[l] ?? `Hidden ${l + 1}`));

  return (
    <figure
      className="card chart network"
      aria-label="Network"
      aria-describedby={captionId}
      data-links={summary.links}
      data-kept={summary.kept}
      data-dead={summary.dead.map((layer) => layer.filter(Boolean).length).join(',')}
    >
      <div className="figure-title" aria-hidden="true">
        Network
      </div>
      {summary.drawable ? (
        <>
          <NetworkCanvas summary={summary} layerNames={layerNames} />
          <ul className="legend figure-legend" aria-hidden="true">
            <li>
              <span className="key line-key" style={{ background: COLORS.positive }} /> Positive
            </li>
            <li>
              <span className="key line-key" style={{ background: COLORS.negative }} /> Negative
            </li>
            <li>
              <span className="key line-key thin" style={{ background: COLORS.pruned }} /> Pruned
            </li>
            <li>
              <span className="key dead-key" style={{ borderColor: COLORS.dead, color: COLORS.dead }}>
                ×
              </span>{' '}
              Dead neuron
            </li>
          </ul>
        </>
      ) : (
        <p className="network-too-big">
          This{' '}
          {summary.shapes
            .map(([fanIn]) => fanIn)
            .concat(summary.shapes[summary.shapes.length - 1][1])
            .join('-')}{' '}
          network is too big to draw link by link: it has {formatCount(summary.links)} links,{' '}
          {formatCount(summary.kept)} kept and {formatCount(pruned)} pruned.
        </p>
      )}
      <figcaption id={captionId} className="figure-caption">
        {about && <span>{about}</span>}
        {summary.drawable && (
          <span>
            Neurons in columns, inputs on the left ({activation} hidden layers). The thicker a link, the larger its
            weight. A dead neuron has no kept link in or out: it no longer affects the output.
          </span>
        )}
        <strong className="figure-count">
          Links kept: {formatCount(summary.kept)} of {formatCount(summary.links)} (
          {formatPercent(summary.links ? summary.kept / summary.links : 0)})
        </strong>
        {summary.dead.length > 0 && (
          <span className="figure-count-detail">
            Dead neurons:{' '}
            {summary.dead
              .map(
                (layer, l) =>
                  `${hiddenNames[l]}: ${formatCount(layer.filter(Boolean).length)} of ${formatCount(layer.length)}`,
              )
              .join('; ')}
          </span>
        )}
      </figcaption>
    </figure>
  );
});

function summarise(source: NetworkWeights, masks: readonly Mask[], masked: NetworkWeights): Summary {
  const shapes = chainedShapes(source);
  if (masks.length !== source.kernels.length) {
    throw new Error(`Expected one mask per kernel (${source.kernels.length}), but got ${masks.length}`);
  }
  const { kernels } = masked;
  let links = 0;
  let kept = 0;
  for (const k of kernels) {
    links += k.length;
    for (let i = 0; i < k.length; i++) if (k[i] !== 0) kept++;
  }
  const widths = [shapes[0][0], ...shapes.map(([, fanOut]) => fanOut)];
  return {
    shapes,
    links,
    kept,
    dead: deadNeurons(masked),
    source,
    masks,
    drawable: links <= MAX_LINKS && widths.every((w) => w <= MAX_LAYER_WIDTH),
  };
}

/** The canvas, as wide as its box (measured), redrawn whenever the weights, masks or width change. */
function NetworkCanvas({ summary, layerNames }: { summary: Summary; layerNames: readonly string[] }) {
  const [boxRef, width] = useBoxWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (canvas && width > 0) paintNetwork(canvas, width, summary, layerNames);
  }, [width, summary, layerNames]);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    return canvas ? holdNetworkCanvas(canvas) : undefined;
  }, []);

  return (
    <div ref={boxRef} className="network-box">
      <canvas ref={canvasRef} className="network-canvas" aria-hidden="true" style={{ height: NETWORK_HEIGHT }} />
    </div>
  );
}
