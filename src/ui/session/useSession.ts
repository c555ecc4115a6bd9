import { useEffect, useState } from 'react';
import { BACKENDS, type BackendInfo, type BackendName } from '../../engine/backendNames';
import type { PruneRule } from '../../core/pruning/prune';
import type { SessionHandle } from '../../engine/handle';
import { loadData, sessionOptions, type ModelChoice } from '../../engine/setup';
import { enginesToTry, type Engine, type EngineWhere } from '../../worker/engines';
import { recipeKey } from '../../storage/format';
import { restoreStored } from './persistence';
import type { DatasetId } from '../../data/datasets';
import type { Dataset, DrawOptions } from '../../data/types';
import type { NetworkSpec, NetworkWeights } from '../../core/network/spec';

export interface SessionState {
  session: SessionHandle | null;
  backend: BackendInfo | null;
  /** Where the session runs: in a Web Worker, or on the page's thread. */
  engine: EngineWhere | null;
  /** Why the chosen backend is not the one running, or why none could start. */
  backendProblem: string | null;
  /** The rows the session trains on (for the pictures); null while they load. */
  data: Dataset | null;
  /** Bytes of a download so far and in all (0 when unknown); null when nothing is downloading. */
  download: { loaded: number; total: number } | null;
  /** Why the data could not be made or fetched. */
  dataProblem: string | null;
  /** Why the session stored in this browser was not restored when the page opened, or null. */
  storageProblem: string | null;
}

/** What a session is built from: a change of any of it builds a new, untrained session. */
export interface SessionRecipe {
  dataset: DatasetId;
  draw: DrawOptions;
  model: ModelChoice;
  /** A data set opened from a file, in place of `dataset`'s rows (their split already drawn); null: none. */
  ownData: Dataset | null;
  /** A model opened from files: its shape replaces `model`, its weights are the trained baseline. */
  ownModel: { spec: NetworkSpec; weights: NetworkWeights } | null;
}

/**
 * Every backend start and every retired session's last work, in order: two backends never start
 * at once, and a new session waits until the old one has freed its tensors.
 */
let chain: Promise<unknown> = Promise.resolve();

/**
 * Makes (or downloads) the data, starts `backend` and a session on them; a change of the recipe or
 * the backend retires the old session (its tensors are freed once its queue is done) and builds a
 * new one. Falls back to the next backend in `BACKENDS` when one cannot start, and says so.
 * `currentRule` is asked for the rule when a session is built, so a new session starts with the rule
 * the controls show; a change of the rule alone goes to the session (setRule) and builds nothing.
 * It must be stable (it is not a dependency).
 */
export function useSession(
  recipe: SessionRecipe,
  backend: BackendName,
  retry: number,
  currentRule: () => PruneRule,
): SessionState {
  // Read on the first render, before the page rewrites its address (?engine=main goes then).
  const [engines] = useState(() => enginesToTry(location.search));
  const [state, setState] = useState<SessionState>({
    session: null,
    backend: null,
    engine: null,
    backendProblem: null,
    data: null,
    download: null,
    dataProblem: null,
    storageProblem: null,
  });
  /** The first session of the page restores the one stored in this browser, if it fits. */
  const [firstBuild] = useState(() => ({ pending: true }));
  // The effect depends on values, not on the objects that carry them.
  const { dataset } = recipe;
  const { seed, noise, testFraction } = recipe.draw;
  const { activation } = recipe.model;
  const hiddenKey = recipe.model.hidden.join(',');
  const convKey = JSON.stringify(recipe.model.conv ?? null);
  const { ownData, ownModel } = recipe;

  useEffect(() => {
    const draw = { seed, noise, testFraction };
    const conv = JSON.parse(convKey) as ModelChoice['conv'] | null;
    const model: ModelChoice = { activation, hidden: hiddenKey.split(',').map(Number), ...(conv && { conv }) };
    let cancelled = false;
    let created: SessionHandle | null = null;
    const loading = ownData
      ? { data: Promise.resolve(ownData), unsubscribe: () => {} }
      : loadData(dataset, draw, (loaded, total) => {
          if (!cancelled) setState((s) => ({ ...s, download: { loaded, total } }));
        });
    const fail = (error: unknown) => {
      if (!cancelled)
        setState((s) => ({
          ...s,
          data: null,
          download: null,
          dataProblem: error instanceof Error ? error.message : String(error),
        }));
    };
    // The data come first, outside the chain: a slow download never holds up another data set's session.
    void loading.data.then((rows) => {
      if (cancelled) return;
      chain = chain
        .then(async () => {
          if (cancelled) return;
          const { info, problem, engine } = await startBackend(backend, engines);
          if (cancelled) return;
          let storageProblem: string | null = null;
          if (engine) {
            const opened = ownModel?.spec;
            const choice: ModelChoice = opened
              ? { hidden: opened.hidden, activation: opened.activation, ...(opened.conv && { conv: opened.conv }) }
              : model;
            const options = sessionOptions(dataset, rows, { seed: draw.seed, rule: currentRule(), model: choice });
            const session = await engine.createSession(ownModel ? { ...options, baseline: ownModel.weights } : options);
            created = session;
            if (cancelled) {
              // Superseded while it was being built (the cleanup below ran before it existed): free it here.
              session.dispose();
              await session.idle();
              return;
            }
            if (firstBuild.pending) {
              firstBuild.pending = false;
              // A file opened by the person (their data or model) is not what the browser stored.
              if (!ownData && !ownModel) {
                storageProblem = await restoreStored(session, recipeKey({ dataset, draw, model }), options.rule);
                if (cancelled) return;
              }
            }
          }
          setState({
            session: created,
            backend: info,
            engine: engine?.where ?? null,
            backendProblem: problem,
            data: rows,
            download: null,
            dataProblem: null,
            storageProblem,
          });
        })
        // A session that cannot be built says so, and the chain stays usable for the next one.
        .catch(fail);
    }, fail);
    return () => {
      cancelled = true;
      loading.unsubscribe();
      // Nothing of the old session stays on screen or takes clicks while the new one starts.
      setState((s) => ({ ...s, session: null, download: null, dataProblem: null }));
      const retired = created;
      if (retired) {
        retired.dispose();
        chain = chain.then(() => retired.idle());
      }
    };
    // The rule is read once per session (currentRule); later changes go through session.setRule.
    // `retry` builds the session again after a failed download.
  }, [
    dataset,
    backend,
    seed,
    noise,
    testFraction,
    activation,
    hiddenKey,
    convKey,
    retry,
    currentRule,
    engines,
    ownData,
    ownModel,
    firstBuild,
  ]);

  return state;
}

/** How a backend started: on which engine, or why none could. */
interface Started {
  info: BackendInfo | null;
  problem: string | null;
  engine: Engine | null;
}

/**
 * Starts `wanted` on the first engine that can run it (the worker, then the main thread), then
 * the other backends the same way, and says what failed on the way.
 */
async function startBackend(wanted: BackendName, engines: ReadonlyArray<() => Promise<Engine>>): Promise<Started> {
  const order = [wanted, ...BACKENDS.filter((b) => b !== wanted)];
  const failures: string[] = [];
  for (const name of order) {
    for (const makeEngine of engines) {
      try {
        const engine = await makeEngine();
        const info = await engine.start(name);
        const problem = name !== wanted ? `${failures.join(' ')} Using ${name} instead.` : null;
        return { info, problem, engine };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (!failures.includes(reason)) failures.push(reason);
      }
    }
  }
  return { info: null, problem: `${failures.join(' ')} TensorFlow.js cannot run here.`, engine: null };
}
