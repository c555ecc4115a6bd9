import type { Mask } from '../../core/pruning/mask';
import { sameSpec, shapeName, type NetworkSpec, type NetworkWeights } from '../../core/network/spec';
import type { NetworkView } from '../network';
import type { SessionState } from '../state';

/**
 * The arrays that rebuild a session's network with no tensor: θ₀, the trained baseline, the weights
 * the rule prunes, and the masks. Arrays are shared with the session (nobody writes to them).
 */
export interface NetworkArrays {
  /** The network's shape these arrays have now (smaller than the baseline's after Compact). */
  spec: NetworkSpec;
  /** θ₀ of the last training run (baseline shape), for rewinding; null before the first. */
  initial: NetworkWeights | null;
  /** The trained weights (baseline shape); null before training. */
  baseline: NetworkWeights | null;
  /** The weights the rule prunes (shaped by `spec`); null before training. */
  source: NetworkWeights | null;
  /** The masks of earlier rounds, one per kernel of `spec`: what later rounds cannot bring back. */
  prior: Mask[];
  /** The current rule's keep-masks, one per kernel of `spec`. */
  masks: Mask[];
}

/**
 * The parts of a SessionState that are facts about what happened: the Results, the timeline, the
 * curves, the rule, the lottery and compaction tables. Left out: what a run in flight is doing, the
 * pictures (derived from the arrays again) and what depends on the backend or the data tensors.
 */
export type CheckpointState = Omit<SessionState, 'running' | 'progress' | 'view' | 'estimate' | 'figuresOnCpu'>;

/**
 * A session as plain data (typed arrays and plain objects, structured-cloneable): what a session
 * rebuilds itself from after its graphics context is lost, and what the browser stores so that a
 * reload loses nothing. One format, both uses.
 */
export interface SessionCheckpoint {
  /** The network as the data set and the model choice define it. */
  baselineSpec: NetworkSpec;
  /** The session's seed: θ₀, the shuffles and the random control's keys follow from it. */
  seed: number;
  network: NetworkArrays;
  state: CheckpointState;
}

/** The checkpoint part of `state`: a new object sharing the state's (immutable) values. */
export function checkpointState(state: SessionState): CheckpointState {
  /* eslint-disable @typescript-eslint/no-unused-vars */
  const { running, progress, view, estimate, figuresOnCpu, ...kept } = state;
  /* eslint-enable @typescript-eslint/no-unused-vars */
  return { ...kept, ending: running ? { kind: 'ready' } : kept.ending };
}

/**
 * `state` (a new session's, on the same data and backend) with the checkpoint's facts in place and
 * the pictures `view` drawn from the restored arrays; nothing runs.
 */
export function restoredState(state: SessionState, saved: CheckpointState, view: NetworkView): SessionState {
  return { ...state, ...saved, view, running: null, progress: saved.trained ? 1 : 0 };
}

/**
 * Why `checkpoint` cannot be restored into a session of `spec` and `seed` (another data set's or
 * model's network, another seed), or null when it can.
 */
export function checkpointMismatch(checkpoint: SessionCheckpoint, spec: NetworkSpec, seed: number): string | null {
  if (!sameSpec(checkpoint.baselineSpec, spec)) {
    return `Expected a saved network of shape ${shapeName(spec)} (${spec.activation}), but it is ${shapeName(checkpoint.baselineSpec)} (${checkpoint.baselineSpec.activation})`;
  }
  if (checkpoint.seed !== seed) return `Expected a saved session of seed ${seed}, but it has seed ${checkpoint.seed}`;
  return null;
}
