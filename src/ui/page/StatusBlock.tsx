import { ProgressBar } from '../panels/ProgressBar';
import { Readouts } from '../panels/Readouts';
import { RunNote } from '../panels/RunNote';
import type { Page } from './usePage';

/** The readouts, the progress bar and the run's note (or why a command was refused): on every view. */
export function StatusBlock({ page, backendLabel }: { page: Page; backendLabel: string }) {
  const { snapshot } = page;
  return (
    <>
      <Readouts snapshot={snapshot} problem={page.dataProblem} backendLabel={backendLabel} />
      <ProgressBar label="Progress" percent={Math.round((snapshot?.progress ?? 0) * 100)} active={page.busy} />
      <RunNote note={snapshot?.note ?? null} problem={page.commands.problem} />
    </>
  );
}
