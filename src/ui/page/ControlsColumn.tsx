import { architectureProblem, defaultModel } from '../../settings/settings';
import { shows, type Room } from '../../settings/room';
import { fineTuneRate } from '../../settings/derive';
import { CompressFieldset } from '../controls/CompressFieldset';
import { DataFieldset } from '../controls/DataFieldset';
import { FineTuneFieldset } from '../controls/FineTuneFieldset';
import { IterativeFieldset } from '../controls/IterativeFieldset';
import { LotteryFieldset } from '../controls/LotteryFieldset';
import { ModelFieldset } from '../controls/ModelFieldset';
import { ScheduleFieldset } from '../controls/ScheduleFieldset';
import { TrainFieldset } from '../controls/TrainFieldset';
import { ExchangeFieldset } from '../exchange/ExchangeFieldset';
import { PruneControls } from './PruneControls';
import type { Page } from './usePage';

/** The page's controls, in the order of the story, each group only when the room shows it. */
export function ControlsColumn({ page, room }: { page: Page; room: Room }) {
  const { settings, snapshot, busy, idle, ready, valid, dispatch } = page;
  const { dataset } = settings;
  // An opened model's shape is the network's (the fieldset is disabled then); its own settings wait.
  const opened = page.own.model;
  return (
    <aside className="controls card" aria-label="Controls">
      {shows(room, 'data') && (
        <>
          <DataFieldset
            dataset={dataset}
            draw={settings.draw}
            backendName={page.backendName}
            backend={page.backend}
            backendProblem={page.backendProblem}
            figuresOnCpu={snapshot?.figuresOnCpu ?? false}
            download={page.download}
            dataProblem={page.dataProblem}
            disabled={busy}
            dispatch={dispatch}
            onRetry={page.retryDownload}
            onBackend={page.setBackendName}
          />
          <ModelFieldset
            key={dataset}
            opened={opened?.spec ?? null}
            model={
              opened
                ? {
                    architecture: opened.spec.conv ? 'lenet5' : 'mlp',
                    hidden: opened.spec.hidden,
                    activation: opened.spec.activation,
                  }
                : page.own.data
                  ? { ...settings.model, architecture: 'mlp' }
                  : settings.model
            }
            defaultModel={defaultModel(dataset)}
            convProblem={
              page.own.data
                ? 'LeNet-5 reads 28×28 images; your data are rows of numbers.'
                : architectureProblem(dataset, 'lenet5') &&
                  'LeNet-5 reads 28×28 images: choose the MNIST digits to use it.'
            }
            inputs={page.data?.features ?? null}
            outputs={page.outputs}
            disabled={busy || page.own.model !== null}
            dispatch={dispatch}
          />
          <ExchangeFieldset page={page} room={room} own={page.own} />
        </>
      )}
      {shows(room, 'train') && (
        <TrainFieldset
          training={settings.training}
          busy={busy}
          canTrain={idle && valid}
          canReset={page.session !== null}
          dispatch={dispatch}
          onTrain={page.train}
          onStop={page.stop}
          onStartFresh={page.startFresh}
          onReset={page.reset}
        />
      )}
      {shows(room, 'prune') && <PruneControls page={page} />}
      {shows(room, 'finetune') && (
        <FineTuneFieldset
          epochs={settings.fineTuning.epochs}
          learningRate={fineTuneRate(settings)}
          busy={busy}
          ready={ready}
          canRestore={page.canRestore}
          dispatch={dispatch}
          onFineTune={page.fineTune}
          onRestore={page.restoreBaseline}
        />
      )}
      {shows(room, 'finetune') && (
        <CompressFieldset compression={settings.compression} busy={busy} dispatch={dispatch} />
      )}
      {shows(room, 'iterative') && (
        <IterativeFieldset
          iterative={settings.iterative}
          busy={busy}
          ready={ready}
          dispatch={dispatch}
          onRun={page.iterate}
        />
      )}
      {shows(room, 'schedule') && (
        <ScheduleFieldset
          fields={page.scheduleFields}
          problem={page.scheduleProblem}
          totalSteps={page.totalSteps}
          fineTuneEpochs={settings.fineTuning.epochs}
          busy={busy}
          ready={ready}
          dispatch={dispatch}
          onRun={page.runSchedule}
        />
      )}
      {shows(room, 'lottery') && (
        <LotteryFieldset
          ready={ready}
          canRewind={Boolean(snapshot?.canRewind) && (snapshot?.current?.sparsity ?? 0) !== 0}
          onRewind={page.rewind}
          onCompact={page.compact}
        />
      )}
    </aside>
  );
}
