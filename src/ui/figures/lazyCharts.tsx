import { lazy, Suspense, type ComponentType } from 'react';

let wanted: () => void = () => {};
/** Resolves once the page asks for the charts (loadCharts). */
const chartsWanted = new Promise<void>((resolve) => (wanted = resolve));

/**
 * Starts loading the charts' code. The page calls it once the engine is up (the Train button
 * works): the worker's TensorFlow.js comes first, and no chart has anything to draw before then.
 */
export function loadCharts(): void {
  wanted();
}

/**
 * The Recharts figures, loaded after the first view is usable: Recharts is about a third of the
 * page's JavaScript, and the controls and readouts are usable without it. Until a chart's code
 * arrives (a moment after the engine is up) its card holds its title and its height, so nothing
 * jumps.
 */
function deferred<P extends object>(
  title: string,
  height: number,
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  const Chart = lazy(async () => {
    await chartsWanted;
    return { default: await load() };
  });
  function Deferred(props: P) {
    return (
      <Suspense
        fallback={
          <figure className="card chart" style={{ minHeight: height }} aria-busy="true">
            <figcaption>{title}</figcaption>
          </figure>
        }
      >
        <Chart {...props} />
      </Suspense>
    );
  }
  Deferred.displayName = `Deferred(${title})`;
  return Deferred;
}

export const TimelineChart = deferred('Training timeline', 420, () =>
  import('./TimelineChart').then((m) => m.TimelineChart),
);
export const WeightHistogram = deferred('Weight histogram', 380, () =>
  import('./WeightHistogram').then((m) => m.WeightHistogram),
);
export const AccuracySparsityChart = deferred('Accuracy vs sparsity', 420, () =>
  import('./AccuracySparsityChart').then((m) => m.AccuracySparsityChart),
);
export const LayerSensitivityChart = deferred('Layer sensitivity', 300, () =>
  import('./LayerSensitivityChart').then((m) => m.LayerSensitivityChart),
);
export const ScheduleChart = deferred('Sparsity schedule', 380, () =>
  import('./ScheduleChart').then((m) => m.ScheduleChart),
);
export const LayerHistograms = deferred('Weights per layer', 260, () =>
  import('./LayerHistograms').then((m) => m.LayerHistograms),
);
