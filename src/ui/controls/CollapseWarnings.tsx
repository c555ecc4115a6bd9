import type { PruneBy } from '../../core/pruning/prune';
import type { CollapseWarning } from '../../engine/session';
import './CollapseWarnings.css';

/**
 * Warns about each layer the control could empty within its range, and alerts once one is empty.
 * The box keeps one height whatever the control's value: a change of layout under a dragged range
 * input ends the drag in Chromium. The collapse points do not move with the control, and the alert
 * shares its cell with an invisible copy of itself.
 */
export function CollapseWarnings({
  collapse,
  by,
  range,
}: {
  collapse: readonly CollapseWarning[];
  by: PruneBy;
  range: number;
}) {
  const shown = collapse.filter((c) => c.reached || c.above < range);
  if (shown.length === 0) return null;
  const value = (above: number) =>
    by === 'target' ? `${(above * 100).toFixed(2)}%` : by === 'std' ? `${above.toFixed(2)} σ` : above.toFixed(3);
  const reached = shown.filter((c) => c.reached).map((c) => c.layer);
  const alert = (layers: string[]) =>
    `Layer collapse: ${layers.join(', ')} ${layers.length > 1 ? 'have' : 'has'} no weight left. What follows sees only ` +
    'biases: the same answer for every input, the accuracy of always guessing one class.';
  return (
    <div className="collapse">
      <ul className="collapse-ahead" aria-label="Layer collapse ahead">
        {shown.map((c) => (
          <li key={c.layer}>
            {c.layer} loses its last weight above {value(c.above)}
            {c.reached ? ': it has.' : '.'}
          </li>
        ))}
      </ul>
      <div className="collapse-slot">
        {/* As tall as the longest alert, so the slot keeps its height; it says what collapse would do. */}
        <p
          className={reached.length > 0 ? 'collapse-note placeholder' : 'collapse-note'}
          aria-hidden={reached.length > 0}
        >
          No layer is empty. One that is would leave what follows it seeing only biases: the same answer for every
          input.
        </p>
        <p className="collapse-note placeholder" aria-hidden="true">
          {alert(shown.map((c) => c.layer))}
        </p>
        <div role="alert">{reached.length > 0 && <p className="collapse-alert">{alert(reached)}</p>}</div>
      </div>
    </div>
  );
}
