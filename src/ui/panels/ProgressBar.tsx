import './ProgressBar.css';

/** A progress bar named `label`, 0–100 (`percent` undefined: how far is not known), blue while `active`. */
export function ProgressBar({
  label,
  percent,
  active,
}: {
  label: string;
  percent: number | undefined;
  active: boolean;
}) {
  return (
    <div
      className={`progress ${active ? 'active' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
    </div>
  );
}
