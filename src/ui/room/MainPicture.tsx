import { useMemo } from 'react';
import { layerNames } from '../../core/network/spec';
import { FirstLayerFilters } from '../figures/FirstLayerFilters';
import type { Dataset } from '../../data/types';
import type { NetworkPicture } from '../../engine/session';
import { DecisionBoundary } from '../figures/DecisionBoundary';
import { NetworkFigure } from '../figures/NetworkFigure';
import { LIVE_MS, pictureFor, PicturesEmpty } from '../figures/Pictures';
import { SurvivingInputs } from '../figures/SurvivingInputs';
import { useThrottledValue } from '../session/pacing';

/**
 * The data set's main picture, for presenter view: the decision boundary for the 2-D sets, the
 * surviving inputs for the digits, the network's links for the seed replica.
 */
export function MainPicture({
  picture: latest,
  data,
  exact,
}: {
  picture: NetworkPicture | null;
  data: Dataset | null;
  exact: boolean;
}) {
  const picture = pictureFor(useThrottledValue(latest, LIVE_MS), data);
  const spec = picture?.spec ?? null;
  const names = useMemo(() => (spec ? layerNames(spec) : []), [spec]);
  if (!picture || !data || !spec)
    return <PicturesEmpty hint="Train the network: its picture appears here and follows the slider." />;
  if (spec.conv) return <FirstLayerFilters spec={spec} kernel={picture.source.kernels[0]} mask={picture.masks[0]} />;
  if (data.image && picture.masks.length > 0) {
    return <SurvivingInputs mask={picture.masks[0]} fanOut={spec.hidden[0] ?? spec.outputs} image={data.image} />;
  }
  if (data.features === 2) {
    return <DecisionBoundary activation={spec.activation} weights={picture.masked} points={data.test} exact={exact} />;
  }
  return (
    <NetworkFigure
      source={picture.source}
      masks={picture.masks}
      masked={picture.masked}
      activation={spec.activation}
      layerNames={names}
    />
  );
}
