import './RunNote.css';

/**
 * What the last run said (the snapshot's note), and why the last command did nothing: refused or
 * failed, in the session's words. The second line is a live region that is always there (empty,
 * it takes no room), so that a screen reader hears the reason when it appears. An `alert` note (the
 * network was rebuilt after a lost graphics context) is announced as it appears.
 */
export function RunNote({
  note,
  problem,
  alert = false,
}: {
  note: string | null;
  problem: string | null;
  alert?: boolean;
}) {
  return (
    <>
      {note && (
        <p className="run-note" role={alert ? 'alert' : undefined}>
          {note}
        </p>
      )}
      <p className="run-note command-problem" role="status">
        {problem}
      </p>
    </>
  );
}
