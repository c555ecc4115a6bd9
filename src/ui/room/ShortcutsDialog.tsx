import { useId } from 'react';
import { SHORTCUTS } from './shortcuts';
import { useModal } from './useModal';
import './room.css';

/** The Keyboard shortcuts dialog: every key and what it does. `?` opens it; Escape or Close shuts it. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useModal(open);
  const titleId = useId();
  return (
    <dialog ref={dialog} className="room-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Keyboard shortcuts</h2>
      <p className="hint">
        None fires while you type in a field. The slider also takes the arrow keys when it has focus.
      </p>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.key}>
              <th scope="row">
                <kbd>{s.key}</kbd>
              </th>
              <td>{s.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
