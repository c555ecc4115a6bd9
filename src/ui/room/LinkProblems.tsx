import './room.css';

/** What a link asked for that could not be used: one alert naming every value, until dismissed. */
export function LinkProblems({ problems, onDismiss }: { problems: readonly string[]; onDismiss: () => void }) {
  if (problems.length === 0) return null;
  return (
    <div className="link-problems card" role="alert">
      <p>
        <strong>This link could not be used in full.</strong> Defaults were used for what it got wrong:
      </p>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
