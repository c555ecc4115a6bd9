import { DATASETS } from '../../data/datasets';
import {
  AccuracySparsityChart,
  LayerSensitivityChart,
  ScheduleChart,
  TimelineChart,
  WeightHistogram,
} from '../figures/lazyCharts';
import { shows, type Room } from '../../settings/room';
import { ExploreButtons } from '../controls/ExploreButtons';
import { FigureGuard } from '../figures/FigureGuard';
import { Pictures } from '../figures/Pictures';
import { CompactionTable } from '../panels/CompactionTable';
import { CompressionTable } from '../panels/CompressionTable';
import { LayerSparsity } from '../panels/LayerSparsity';
import { LotteryTable } from '../panels/LotteryTable';
import { ResultsTable } from '../panels/ResultsTable';
import type { Page } from './usePage';

/** The full page's figures: the timeline, weights, Results, pictures and the trade-off figures. */
export function FiguresColumn({ page, room }: { page: Page; room: Room }) {
  // Drawn from the deferred snapshot: React renders these after the readouts, in slices.
  const { figures: snapshot, paced } = page;
  const spec = DATASETS[page.settings.dataset];
  const rule = snapshot?.rule;
  return (
    <div className="figures">
      <p className="about card">
        {page.own.data ? (
          <>
            <strong>{page.own.data.name}.</strong> Your own file, read in this browser: the label is the column “
            {page.own.data.columns[page.own.data.label]}”, the rest of the numeric columns are the features.
          </>
        ) : (
          <>
            <strong>{spec.label}.</strong> {spec.about}
          </>
        )}
      </p>
      <TimelineChart points={paced.timeline} estimateRows={snapshot?.estimate?.rows ?? null} />
      <div className="pair">
        <WeightHistogram
          histogram={paced.histogram}
          threshold={rule?.by === 'magnitude' && rule.method === 'unstructured' ? rule.threshold : null}
        />
        <LayerSparsity layers={paced.layers} />
      </div>
      <ResultsTable results={paced.results} round={page.round} estimate={snapshot?.estimate ?? null} />
      <CompressionTable report={snapshot?.compression ?? null} baseline={paced.results['Before pruning']} />
      <FigureGuard>
        <Pictures picture={snapshot?.picture ?? null} data={page.data} exact={snapshot?.current?.exact ?? true} />
      </FigureGuard>
      {shows(room, 'explore') && <ExploreButtons ready={page.ready} onSweep={page.sweep} onScan={page.scanLayers} />}
      <AccuracySparsityChart curves={paced.curves} onClear={page.clearCurves} />
      <LayerSensitivityChart layers={paced.sensitivity} />
      <ScheduleChart trace={page.scheduleTrace} />
      <div className="pair even">
        <LotteryTable lottery={snapshot?.lottery ?? null} />
        <CompactionTable report={snapshot?.compaction ?? null} />
      </div>
    </div>
  );
}
