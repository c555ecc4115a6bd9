import './app.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { stepFromToken } from '../lesson/machine';
import { parseLink, serialiseLink, type Room } from '../settings/room';
import { LessonPanel } from './lesson/LessonPanel';
import { useLesson } from './lesson/useLesson';
import { loadCharts } from './figures/lazyCharts';
import { ControlsColumn } from './page/ControlsColumn';
import { FiguresColumn } from './page/FiguresColumn';
import { StatusBlock } from './page/StatusBlock';
import { usePage, type Page } from './page/usePage';
import { LinkProblems } from './room/LinkProblems';
import { startServiceWorker } from './offline/serviceWorker';
import { OfflineNote, UpdateNotice } from './offline/UpdateNotice';
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
  // Steps that show the trade-off figures or the model size leave presenter view, where those are not.
  const lesson = useLesson(page, opened.room.lesson, () => setView((v) => ({ ...v, presenter: false })));
  const room: Room = useMemo(() => ({ ...view, lesson: lesson.token }), [view, lesson.token]);
  useAddress(page.settings, room);
  useTrainOnOpen(opened.trainOnOpen, page);
  useLaterLoadsOnceUsable(page);

  const togglePresenter = () => setView((v) => ({ ...v, presenter: !v.presenter }));
  // Every key runs its command; the session refuses what cannot be done now, and the page says why.
  useShortcuts({
    train: () => (page.busy ? page.stop() : page.train()),
    pruneMore: () => page.stepRule(1),
    pruneLess: () => page.stepRule(-1),
    fineTune: page.fineTune,
    restore: page.restoreBaseline,
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
          link={() => serialiseLink(page.settings, room)}
        />
      </header>
      <LinkProblems problems={linkProblems} onDismiss={() => setLinkProblems([])} />
      <UpdateNotice />

      {view.presenter ? (
        <PresenterView page={page} backendLabel={backendLabel} aside={lessonPanel} />
      ) : (
        <>
          <StatusBlock page={page} backendLabel={backendLabel} />
          {lessonPanel}
          <main className="layout">
            <ControlsColumn page={page} room={room} />
            <FiguresColumn page={page} room={room} />
          </main>
          <footer className="footer">
            Everything runs in this page with TensorFlow.js; no data leaves your computer.
            <OfflineNote />
          </footer>
        </>
      )}
      <ShareDialog
        open={dialog === 'share'}
        settings={page.settings}
        room={room}
        onClose={() => setDialog((d) => (d === 'share' ? null : d))}
      />
      <ShortcutsDialog open={dialog === 'shortcuts'} onClose={() => setDialog((d) => (d === 'shortcuts' ? null : d))} />
    </div>
  );
}

/**
 * A link that says `train=1` trains once, as soon as the page can, and then cuts by the link's rule,
 * so that it opens on the figures the teacher saw (a trained baseline otherwise starts unpruned).
 */
function useTrainOnOpen(wanted: boolean, page: Page): void {
  const stage = useRef<'wanted' | 'training' | 'done'>(wanted ? 'wanted' : 'done');
  const { session, idle, trained, train, changeRule } = page;
  useEffect(() => {
    if (!session || !idle) return;
    if (stage.current === 'wanted' && !trained) {
      stage.current = 'training';
      train();
    } else if (stage.current === 'training' && trained) {
      stage.current = 'done';
      changeRule({}, true);
    }
  }, [session, idle, trained, train, changeRule]);
}

/** How long the charts and the offline copy wait for the engine before they load anyway (a slow or failed start). */
const LATER_AT_LATEST_MS = 4000;

/**
 * Once the engine is up or could not start (and after LATER_AT_LATEST_MS at the latest): loads the
 * charts' code and starts the service worker, which stores the whole site for offline use. Neither
 * competes with the first view's downloads.
 */
function useLaterLoadsOnceUsable(page: Page): void {
  const settled = page.session !== null || page.backendProblem !== null || page.dataProblem !== null;
  useEffect(() => {
    const later = () => {
      loadCharts();
      startServiceWorker();
    };
    if (settled) later();
    const timer = setTimeout(later, LATER_AT_LATEST_MS);
    return () => clearTimeout(timer);
  }, [settled]);
}
