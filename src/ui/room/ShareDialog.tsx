import { useId, useState } from 'react';
import { ALL_GROUPS, CONTROL_GROUPS, serialiseLink, type ControlGroup, type Room } from '../../settings/room';
import type { Settings } from '../../settings/settings';
import { addressOf, copyText } from './useAddress';
import { useModal } from './useModal';
import './room.css';

export interface ShareDialogProps {
  open: boolean;
  settings: Settings;
  room: Room;
  onClose: () => void;
}

/**
 * The Share dialog: which control groups a learner's link shows (hidden controls keep their values:
 * they are in the link), whether it trains on open or opens in presenter view, and the link to copy.
 */
export function ShareDialog({ open, settings, room, onClose }: ShareDialogProps) {
  const dialog = useModal(open);
  const titleId = useId();
  const [groups, setGroups] = useState<readonly ControlGroup[]>(ALL_GROUPS);
  const [trainOnOpen, setTrainOnOpen] = useState(false);
  const [presenter, setPresenter] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);

  const shown = groups.length > 0 ? groups : ALL_GROUPS;
  const link = addressOf(
    serialiseLink(settings, { ...room, show: shown, presenter, lesson: room.lesson }, trainOnOpen),
  );
  const toggle = (group: ControlGroup, on: boolean) => {
    setCopied(null);
    setGroups((current) => ALL_GROUPS.filter((g) => (g === group ? on : current.includes(g))));
  };
  const copy = async () => {
    setCopied(
      (await copyText(link)) ? 'Learner link copied.' : 'Copying was refused here: select the link and copy it.',
    );
  };

  return (
    <dialog ref={dialog} className="room-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Share</h2>
      <p className="hint">
        Choose what a learner’s link shows. Hidden controls keep the values they have now; the figures always show.
      </p>
      <fieldset className="share-groups">
        <legend>Controls the link shows</legend>
        {ALL_GROUPS.map((group) => (
          <label key={group} className="check">
            <input type="checkbox" checked={groups.includes(group)} onChange={(e) => toggle(group, e.target.checked)} />
            {CONTROL_GROUPS[group]}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={trainOnOpen} onChange={(e) => setTrainOnOpen(e.target.checked)} />
        Train when the link opens
      </label>
      <label className="check">
        <input type="checkbox" checked={presenter} onChange={(e) => setPresenter(e.target.checked)} />
        Open in presenter view
      </label>
      {groups.length === 0 && <p className="warning">No group chosen: the link shows every control.</p>}
      <label className="field share-link">
        <span>Learner link</span>
        <input type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
      </label>
      <div className="buttons">
        <button type="button" onClick={() => void copy()}>
          Copy learner link
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="hint" role="status">
        {copied}
      </p>
    </dialog>
  );
}
