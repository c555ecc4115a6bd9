import { useMemo } from 'react';
import { LayerHistograms } from './lazyCharts';
import { convCount, kernelShapes, layerNames, type NetworkWeights } from '../../core/network/spec';
import { FeatureMaps } from './FeatureMaps';
import { FirstLayerFilters } from './FirstLayerFilters';
import type { Dataset } from '../../data/types';
import type { NetworkPicture } from '../../engine/session';
import { DecisionBoundary } from './DecisionBoundary';
import { DigitGrid } from './DigitGrid';
import { ModelSizePanel } from '../panels/ModelSizePanel';
import { NetworkFigure } from './NetworkFigure';
import { useCalmValue, useThrottledValue } from '../session/pacing';
import { SurvivingInputs } from './SurvivingInputs';

/** `picture` when it is of a network on `data` (the pictures lag a data set change a little); else null. */
export function pictureFor(picture: NetworkPicture | null, data: Dataset | null): NetworkPicture | null {
  return picture && data && picture.spec.inputs === data.features ? picture : null;
}

/** The pictures' place before there is a trained network to draw. */
export function PicturesEmpty({ hint }: { hint: string }) {
  return (
    <section className="card pictures-empty" aria-label="Pictures">
      <h2>What the network keeps</h2>
      <p className="hint">{hint}</p>
    </section>
  );
}

/**
 * How long the slider must rest before the per-layer histograms and the model size catch up: longer
 * than the gap between two arrow-key steps (three Recharts redraws cost the main thread tens of ms).
 */
const CALM_MS = 500;
/**
 * Least time between two redraws of the live pictures while the slider moves: about seven a second
 * look live, and a redraw on every step made a step cost 3× as much on software WebGL (the page's
 * repaint and the network share the CPU; measured by `npm run bench`).
 */
export const LIVE_MS = 150;

export interface PicturesProps {
  picture: NetworkPicture | null;
  data: Dataset | null;
  /** Whether the readouts' figures count every row (false: an estimate until the slider rests). */
  exact: boolean;
}

/**
 * What the network keeps, in pictures: the decision boundary (points in the plane), the surviving
 * inputs and test digits (images), the network's links, the weights per layer and the model's size.
 * The boundary, network and digits follow the slider; the histograms catch up when it rests.
 */
export function Pictures({ picture: latest, data, exact }: PicturesProps) {
  // The pictures lag the snapshot a little; one of another data set's network is not drawn on these data.
  const picture = pictureFor(useThrottledValue(latest, LIVE_MS), data);
  const calmPicture = pictureFor(useCalmValue(latest, CALM_MS), data);
  const spec = picture?.spec ?? null;
  const names = useMemo(() => (spec ? layerNames(spec) : []), [spec]);
  const calmSpec = calmPicture?.spec ?? null;
  const calmNames = useMemo(() => (calmSpec ? layerNames(calmSpec) : []), [calmSpec]);
  const calmShapes = useMemo(() => (calmSpec ? kernelShapes(calmSpec) : null), [calmSpec]);
  const histogramLayers = useMemo(
    () =>
      calmPicture?.source.kernels.map((weights, i) => ({
        name: calmNames[i] ?? `Layer ${i + 1}`,
        weights,
        mask: calmPicture.masks[i],
        prior: calmPicture.prior[i],
      })) ?? [],
    [calmPicture, calmNames],
  );
  const convs = spec ? convCount(spec) : 0;
  // A conv net's Network figure draws its dense layers, after the flatten; its filters have their own.
  const dense = useMemo(() => {
    if (!picture || convs === 0)
      return picture && { source: picture.source, masks: picture.masks, masked: picture.masked, names };
    const after = (w: NetworkWeights) => ({ kernels: w.kernels.slice(convs), biases: w.biases.slice(convs) });
    return {
      source: after(picture.source),
      masks: picture.masks.slice(convs),
      masked: after(picture.masked),
      names: names.slice(convs),
    };
  }, [picture, convs, names]);
  if (!picture || !data || !spec || !dense) {
    return (
      <PicturesEmpty hint="Train the network: its decision boundary, links, weights and size appear here, and follow the slider." />
    );
  }
  const planar = data.features === 2 && !data.image;
  const network = (
    <NetworkFigure
      source={dense.source}
      masks={dense.masks}
      masked={dense.masked}
      activation={spec.activation}
      layerNames={dense.names}
      about={
        convs
          ? `The dense layers after the flatten: the ${picture.source.kernels[convs].length / spec.hidden[0]} values of the last pooled maps, then ${spec.hidden.join(', ')} and ${spec.outputs} neurons. The convolutions' filters are in First-layer filters.`
          : undefined
      }
    />
  );
  return (
    <>
      {planar ? (
        <div className="pair even">
          <DecisionBoundary activation={spec.activation} weights={picture.masked} points={data.test} exact={exact} />
          {network}
        </div>
      ) : (
        network
      )}
      {data.image && convs > 0 && (
        <div className="pair even">
          <FirstLayerFilters spec={spec} kernel={picture.source.kernels[0]} mask={picture.masks[0]} />
          {calmPicture && (
            <FeatureMaps
              spec={calmPicture.spec}
              source={calmPicture.source}
              masked={calmPicture.masked}
              test={data.test}
            />
          )}
        </div>
      )}
      {data.image && convs === 0 && picture.masks.length > 0 && (
        <div className="pair even">
          <SurvivingInputs mask={picture.masks[0]} fanOut={spec.hidden[0] ?? spec.outputs} image={data.image} />
          <DigitGrid activation={spec.activation} weights={picture.masked} test={data.test} image={data.image} />
        </div>
      )}
      <LayerHistograms layers={histogramLayers} />
      {calmPicture && calmShapes && <ModelSizePanel weights={calmPicture.masked} shapes={calmShapes} />}
    </>
  );
}
