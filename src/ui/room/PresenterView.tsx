import type { ReactNode } from 'react';
import { TimelineChart } from '../figures/lazyCharts';
import { FigureGuard } from '../figures/FigureGuard';
import { PruneControls } from '../page/PruneControls';
import { StatusBlock } from '../page/StatusBlock';
import type { Page } from '../page/usePage';
import { MainPicture } from './MainPicture';
import './room.css';

/**
 * One screen for a projector: the readouts large, the slider, Train (or Stop), Fine-tune and Back to
 * baseline at hand, the data set's main picture and the Training timeline, all without scrolling at
 * 1280×720. `aside` (the lesson, when open) takes a fourth column of its own, so that it never pushes
 * the slider off the screen.
 */
export function PresenterView({ page, backendLabel, aside }: { page: Page; backendLabel: string; aside?: ReactNode }) {
  const { busy } = page;
  return (
    <div className="presenter-view">
      <div className="presenter-top">
        <StatusBlock page={page} backendLabel={backendLabel} showEngine={false} />
      </div>
      <div className={aside ? 'presenter-grid with-lesson' : 'presenter-grid'}>
        <div className="presenter-side">
          <div className="presenter-controls card">
            <div className="buttons">
              <button type="button" className="primary" disabled={!page.idle || !page.valid} onClick={page.train}>
                Train
              </button>
              <button type="button" disabled={!busy} onClick={page.stop}>
                Stop
              </button>
              <button type="button" disabled={!page.ready} onClick={page.fineTune}>
                Fine-tune
              </button>
              <button type="button" disabled={!page.canRestore} onClick={page.restoreBaseline}>
                Back to baseline
              </button>
            </div>
            <PruneControls page={page} />
          </div>
        </div>
        <FigureGuard>
          <MainPicture
            picture={page.figures?.picture ?? null}
            data={page.data}
            exact={page.figures?.current?.exact ?? true}
          />
        </FigureGuard>
        <TimelineChart points={page.paced.timeline} estimateRows={page.figures?.estimate?.rows ?? null} />
        {aside && <div className="presenter-lesson">{aside}</div>}
      </div>
    </div>
  );
}
