import './app.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { steppedRule } from '../settings/derive';
import { stepFromToken } from '../lesson/machine';
import { parseLink, type Room } from '../settings/room';
import { LessonPanel } from './lesson/LessonPanel';
import { useLesson } from './lesson/useLesson';
import { ControlsColumn } from './page/ControlsColumn';
import { FiguresColumn } from './page/FiguresColumn';
import { usePage } from './page/usePage';
import { ProgressBar } from './panels/ProgressBar';
import { Readouts } from './panels/Readouts';
import { RunNote } from './panels/RunNote';
import { LinkProblems } from './room/LinkProblems';
import { PresenterView } from './room/PresenterView';
import { RoomBar } from './room/RoomBar';
import { ShareDialog } from './room/ShareDialog';
import { ShortcutsDialog } from './room/ShortcutsDialog';
import { useAddress } from './room/useAddress';
import { useShortcuts } from './room/useShortcuts';

/** The page: its setup from the address, the full page or presenter view, and the room's dialogs. */
export function App() {
  // The address is read once, when the page opens; from then on the page writes it (useAddress).
  const [opened] = useState(() => parseLink(location.search, (token) => stepFromToken(token) !== null));
  const page = usePage(opened.settings);
  const [view, setView] = useState<Pick<Room, 'presenter' | 'show'>>(opened.room);
  const [linkProblems, setLinkProblems] = useState(opened.problems);
  const [dialog, setDialog] = useState<'share' | 'shortcuts' | null>(null);
  const lesson = useLesson(page, opened.room.lesson);
  const room: Room = useMemo(() => ({ ...view, lesson: lesson.token }), [view, lesson.token]);
  useAddress(page.settings, room);
  useTrainOnOpen(opened.trainOnOpen, page.idle && !page.trained && page.session !== null, page.train);

  const togglePresenter = () => setView((v) => ({ ...v, presenter: !v.presenter }));
  const stepRule = (direction: 1 | -1) => {
    if (!page.idle || !page.trained) return;
    page.changeRule(steppedRule(page.settings.rule, page.settings.dataset, direction), true);
  };
  useShortcuts({
    train: () => (page.busy ? page.stop() : page.idle && page.valid && page.train()),
    pruneMore: () => stepRule(1),
    pruneLess: () => stepRule(-1),
    fineTune: () => page.ready && page.fineTune(),
    restore: () => page.canRestore && page.restoreBaseline(),
    presenter: togglePresenter,
    lesson: () => lesson.setOpen(!lesson.open),
    next: () => lesson.open && lesson.dispatch({ type: 'next' }),
    help: () => setDialog('shortcuts'),
  });

  const backendLabel = page.backend?.label ?? (page.backendProblem ? 'none' : 'starting…');
  const lessonPanel = lesson.open && (
    <div className="lesson-slot">
      <LessonPanel
        state={lesson.state}
        dispatch={lesson.dispatch}
        busy={page.busy}
        onDoIt={(action) => void lesson.perform(action)}
        onReveal={(step) => void lesson.reveal(step)}
        onClose={() => lesson.setOpen(false)}
      />
      {lesson.note && (
        <p className="warning" role="status">
          {lesson.note}
        </p>
      )}
    </div>
  );
  return (
    <div className={view.presenter ? 'page presenter' : 'page'}>
      <header className="masthead">
        <h1>Pruning Lab</h1>
        <p>
          Train a small neural network in your browser, cut away its smallest weights, and watch what that does, then
          fine-tune to win the accuracy back.
        </p>
        <RoomBar
          presenter={view.presenter}
          lessonOpen={lesson.open}
          onPresenter={togglePresenter}
          onShare={() => setDialog('share')}
          onLesson={() => lesson.setOpen(true)}
          onShortcuts={() => setDialog('shortcuts')}
        />
      </header>
      <LinkProblems problems={linkProblems} onDismiss={() => setLinkProblems([])} />

      {view.presenter ? (
        <PresenterView page={page} backendLabel={backendLabel} aside={lessonPanel} />
      ) : (
        <>
          <Readouts snapshot={page.snapshot} problem={page.dataProblem} backendLabel={backendLabel} />
          <ProgressBar label="Progress" percent={Math.round((page.snapshot?.progress ?? 0) * 100)} active={page.busy} />
          <RunNote note={page.snapshot?.note ?? null} problem={page.commands.problem} />
          {lessonPanel}
          <main className="layout">
            <ControlsColumn page={page} room={room} />
            <FiguresColumn page={page} room={room} />
          </main>
          <footer className="footer">
            Everything runs in this page with TensorFlow.js; no data leaves your computer.
          </footer>
        </>
      )}
      <ShareDialog open={dialog === 'share'} settings={page.settings} room={room} onClose={() => setDialog(null)} />
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => setDialog(null)} />
    </div>
  );
}

/** A link that says `train=1` trains once, as soon as the page can. */
function useTrainOnOpen(wanted: boolean, possible: boolean, train: () => void): void {
  const done = useRef(!wanted);
  useEffect(() => {
    if (done.current || !possible) return;
    done.current = true;
    train();
  }, [possible, train]);
}
