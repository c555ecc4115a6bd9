import { useState } from 'react';
import { addressOf, copyText } from './useAddress';
import './room.css';

export interface RoomBarProps {
  presenter: boolean;
  lessonOpen: boolean;
  onPresenter: () => void;
  onShare: () => void;
  onLesson: () => void;
  onShortcuts: () => void;
  /** The address query of the setup as it is now (the address bar follows it a moment later). */
  link: () => string;
}

/** The room's buttons in the masthead: Copy link, Share, Presenter view, Start lesson, shortcuts. */
export function RoomBar({ presenter, lessonOpen, onPresenter, onShare, onLesson, onShortcuts, link }: RoomBarProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    // The address bar follows the setup a moment after a change: copy the setup itself.
    const copiedIt = await copyText(addressOf(link()));
    setCopied(copiedIt ? 'Link copied.' : 'Copying was refused here: copy the address bar.');
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
