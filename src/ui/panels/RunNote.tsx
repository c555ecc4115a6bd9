import './RunNote.css';

/**
 * What the last run said (the snapshot's note), and why the last command did nothing: refused or
 * failed, in the session's words. The second line is a live region that is always there (empty,
 * it takes no room), so that a screen reader hears the reason when it appears.
 */
export function RunNote({ note, problem }: { note: string | null; problem: string | null }) {
  return (
    <>
      {note && <p className="run-note">{note}</p>}
      <p className="run-note command-problem" role="status">
        {problem}
      </p>
    </>
  );
}
