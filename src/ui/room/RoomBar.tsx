import { useState } from 'react';
import { copyText } from './useAddress';
import './room.css';

export interface RoomBarProps {
  presenter: boolean;
  lessonOpen: boolean;
  onPresenter: () => void;
  onShare: () => void;
  onLesson: () => void;
  onShortcuts: () => void;
}

/** The room's buttons in the masthead: Copy link, Share, Presenter view, Start lesson, shortcuts. */
export function RoomBar({ presenter, lessonOpen, onPresenter, onShare, onLesson, onShortcuts }: RoomBarProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    // The address follows the setup a moment after it changes: copy what it will hold.
    setCopied((await copyText(location.href)) ? 'Link copied.' : 'Copying was refused here: copy the address bar.');
    setTimeout(() => setCopied(null), 4000);
  };
  return (
    <nav className="room-bar" aria-label="The room">
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <button type="button" onClick={onShare}>
        Share
      </button>
      <button type="button" aria-pressed={presenter} onClick={onPresenter}>
        Presenter view
      </button>
      {!lessonOpen && (
        <button type="button" onClick={onLesson}>
          Start lesson
        </button>
      )}
      <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onShortcuts}>
        ?
      </button>
      <span className="hint" role="status">
        {copied}
      </span>
    </nav>
  );
}
