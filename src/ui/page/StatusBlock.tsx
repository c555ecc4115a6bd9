import { MISSING } from '../../core/format';
import { ProgressBar } from '../panels/ProgressBar';
import { Readouts } from '../panels/Readouts';
import { RunNote } from '../panels/RunNote';
import type { Page } from './usePage';

/**
 * The readouts, the progress bar and the run's note (or why a command was refused): on every view.
 * Presenter view leaves out the Engine readout (`showEngine`): a room does not need it, and its
 * readouts fill one row of a 1280×720 screen without it.
 */
export function StatusBlock({
  page,
  backendLabel,
  showEngine = true,
}: {
  page: Page;
  backendLabel: string;
  showEngine?: boolean;
}) {
  const { snapshot } = page;
  return (
    <>
      <Readouts
        snapshot={snapshot}
        problem={page.dataProblem}
        backendLabel={backendLabel}
        engineLabel={showEngine ? (page.engine ?? MISSING) : null}
      />
      <ProgressBar label="Progress" percent={Math.round((snapshot?.progress ?? 0) * 100)} active={page.busy} />
      {[page.storageProblem, page.saveProblem].map(
        (problem) =>
          problem && (
            <p key={problem} className="warning" role="alert">
              {problem}
            </p>
          ),
      )}
      <RunNote
        note={snapshot?.note ?? null}
        problem={page.commands.problem}
        alert={snapshot?.recovery !== undefined && snapshot.note === snapshot.recovery.message}
      />
    </>
  );
}
