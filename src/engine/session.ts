import type { CurvePoint, LayerSensitivity } from '../core/curves';
import type { Mask } from '../core/pruning/mask';
import type { PruneRule } from '../core/pruning/prune';
import type { NetworkSpec, NetworkWeights } from '../core/network/spec';
import { validateRule } from '../core/pruning/rule';
import { validateSchedule } from '../core/pruning/schedule';
import { quantizationProblem, type QuantizeOptions } from '../core/compression/quantize';
import { maskWeights } from './network';
import {
  describeIterative,
  describeCompression,
  describeRule,
  describeSchedule,
  describeSweep,
  endOfRun,
  estimateNote,
  experimentEnding,
} from './describe';
import { compact, scanLayers, sweepOneShot } from './runs/measurements';
import { compress } from './runs/compression';
import { DONE, refused, stopped, type CommandResult } from './outcome';
import * as runs from './runs/training';
import type { IterativeOptions, RunContext, RunOptions, ScheduleOptions } from './runs/training';
import type { StageFigures } from './snapshot';
import { SessionCore } from './sessionCore';
import * as S from './state';
import { checkpointMismatch, restoredState, type SessionCheckpoint } from './recovery/checkpoint';

export * from './snapshot';
export type { CommandResult } from './outcome';
export { SCAN_FRACTIONS, SWEEP_FRACTIONS } from './runs/measurements';
export type { Precision } from './figures';
export type { IterativeOptions, RunOptions, ScheduleOptions } from './runs/training';
export { describeRule } from './describe';
export type { ModelChoice, SessionOptions } from './setup';
export type { SessionCheckpoint } from './recovery/checkpoint';

/** What exportNetwork gives: the network on screen as plain arrays, or why there is none to give. */
export type NetworkExport =
  | { kind: 'done'; spec: NetworkSpec; weights: NetworkWeights; masks: readonly Mask[]; rule: PruneRule }
  | { kind: 'refused'; reason: string };

/**
 * A training and pruning session on one data set, on the active backend. It owns the data tensors
 * and its NetworkState (which owns the variables and mask tensors), and one private SessionState;
 * the page sees `toSnapshot(state)` through the SnapshotStore. All tensor work runs in one queue, so a
 * slider step never interleaves with a training step. Every command resolves to what it did
 * (CommandResult): done, stopped, refused with the reason, diverged or failed.
 */
export class PruningSession extends SessionCore {
  /** The newest rule of slider steps that arrived while one was applied, and the promise they share. */
  private pendingRule: PruneRule | null = null;
  private pendingApply: Promise<CommandResult> | null = null;

  // ---- runs ----

  /** Trains the baseline from a fresh seeded initialisation. */
  train(options: RunOptions): Promise<CommandResult> {
    return this.startRun('train', false, async (ctx) => {
      this.network.reinitialise();
      this.state = S.untrained(this.state, this.network.layerCounts());
      const { outcome, start, figures } = await runs.trainBaseline(ctx, options);
      ctx.throwIfDiscarded();
      this.state = S.trained(this.state, figures);
      // Where the rule would empty a layer is known before the first cut, so the warning comes first.
      this.state = { ...this.state, ...this.network.figuresUnder(this.state.rule) };
      if (this.state.quantization) await this.applyRule(false);
      this.refineWhenStopped(figures);
      return endOfRun(outcome, options, start.testLoss, figures.testLoss);
    });
  }

  /** Retrains the pruned network with its mask re-applied after every step. Needs a baseline. */
  fineTune(options: RunOptions): Promise<CommandResult> {
    return this.startRun('fine-tune', true, async (ctx) => {
      const pruned = await this.exactCut(ctx, S.resultsOf(this.state)['After pruning']);
      const quantization = this.state.quantization;
      const { outcome, start, figures } = await runs.fineTune(ctx, options, this.state.round, quantization);
      ctx.throwIfDiscarded();
      const label = `${describeRule(this.state.rule)}, ${options.epochs} epochs${describeCompression(quantization, options.distill)}`;
      this.state = {
        ...S.fineTuned(this.state, pruned, figures, label, options.distill ? 'distilled' : 'fine-tuned'),
        ...this.network.figuresUnder(this.state.rule),
      };
      await this.refreshCompression(figures);
      this.refineWhenStopped(figures);
      return endOfRun(outcome, options, start.testLoss, figures.testLoss);
    });
  }

  /**
   * From the trained baseline: `rounds` times, prune `fractionPerRound` of the surviving weights
   * (by the current scope and method) and fine-tune. Ends with the last round's network.
   */
  iterate(options: IterativeOptions): Promise<CommandResult> {
    return this.startRun('iterative', true, async (ctx) => {
      this.backToBaseline();
      const rule = this.state.rule;
      const label = describeIterative(options.rounds, options.fractionPerRound, options.epochs, rule);
      const { outcome, pruned, figures } = await runs.pruneIteratively(ctx, options, rule, label);
      ctx.throwIfDiscarded();
      if (!figures)
        return {
          ending: { kind: 'stopped' },
          note: 'Stopped before the first round.',
          result: stopped('Stopped before the first round.'),
        };
      this.finishRounds(pruned, figures);
      await this.refreshCompression(figures);
      // A pruning run's loss rises because of the cut, not the learning rate: no divergence note.
      return endOfRun(outcome, options, Infinity, figures.testLoss);
    });
  }

  /** From the trained baseline: fine-tune while the mask follows Zhu & Gupta's schedule. */
  runSchedule(options: ScheduleOptions): Promise<CommandResult> {
    const problem = validateSchedule(options.schedule);
    if (problem) return Promise.resolve(refused(problem));
    return this.startRun('schedule', true, async (ctx) => {
      this.backToBaseline();
      const label = describeSchedule(options.schedule);
      const { outcome, figures, trace } = await runs.pruneOnSchedule(
        ctx,
        options,
        this.state.rule,
        this.state.round,
        label,
      );
      ctx.throwIfDiscarded();
      this.state = { ...this.state, schedule: trace };
      this.finishRounds(null, figures);
      await this.refreshCompression(figures);
      return endOfRun(outcome, options, Infinity, figures.testLoss);
    });
  }

  /** The lottery ticket: retrains the current mask from θ₀ and from a random draw; the model stays as it is. */
  rewind(options: RunOptions): Promise<CommandResult> {
    if (this.state.compaction) {
      return Promise.resolve(
        refused('A compacted network has another shape than θ₀: press Back to baseline to rewind.'),
      );
    }
    return this.startRun('rewind', true, async (ctx) => {
      const pruned = (await this.exactCut(ctx, this.state.current))!;
      const result = await runs.rewindTicket(ctx, options);
      ctx.throwIfDiscarded();
      if (result.kind === 'stopped')
        return experimentEnding('Stopped: the lottery-ticket runs were not finished.', null);
      this.state = S.withLottery(this.state, options.epochs, pruned, result.rewound, result.reinit);
      return experimentEnding(null, null);
    });
  }

  /** One-shot pruning of the baseline to each of SWEEP_FRACTIONS, without retraining: a new curve. */
  sweep(): Promise<CommandResult> {
    return this.startRun('sweep', true, async (ctx) => {
      const rule = this.state.rule;
      const label = describeSweep(rule, this.sampleRows());
      const points: CurvePoint[] = [];
      const stopNote = await sweepOneShot(
        this.experimentHost(ctx.signal),
        this.network.baselineNetwork(),
        rule,
        (point, progress) => {
          points.push(point);
          ctx.throwIfDiscarded();
          ctx.report({ curve: { kind: 'one-shot', label, points }, progress });
        },
      );
      return experimentEnding(stopNote, estimateNote(this.sampleRows()));
    });
  }

  /** Prunes each layer of the baseline alone to each of SCAN_FRACTIONS: the layers' sensitivity. */
  scanLayers(): Promise<CommandResult> {
    return this.startRun('scan', true, async (ctx) => {
      const report = (sensitivity: LayerSensitivity[], progress: number) => ctx.report({ sensitivity, progress });
      const stopNote = await scanLayers(
        this.experimentHost(ctx.signal),
        this.network.baselineNetwork(),
        this.state.rule,
        report,
      );
      ctx.throwIfDiscarded();
      return experimentEnding(stopNote, estimateNote(this.sampleRows()));
    });
  }

  /** Rebuilds the network without its pruned and dead neurons, and times both. */
  compact(): Promise<CommandResult> {
    return this.startRun('compact', true, async (ctx) => {
      const network = this.network;
      const result = await compact(network.spec, maskWeights(network.source!, network.masks), this.data);
      ctx.throwIfDiscarded();
      if (result.kind === 'refused') return { ...experimentEnding(null, result.note), result: refused(result.note) };
      network.setNetwork(result.spec, result.weights);
      // The compacted network is the model now; the rule starts again from nothing pruned on it.
      this.state = { ...this.state, compaction: result.report, rule: S.unpruned(this.state.rule) };
      // The Results rows stay those of the cut: compaction changes the shape, not the function, and
      // the smaller network's own zero count would read as a different sparsity.
      await this.applyRule(false);
      ctx.throwIfDiscarded();
      this.state = S.withPoint(this.state, 'Prune', 'compacted', this.state.current!);
      return experimentEnding(null, null);
    });
  }

  /** Asks the current run to stop after its current step; resolves once it has. */
  stop(): Promise<CommandResult> {
    return this.jobs.stop();
  }

  /**
   * A stopped run closes with quick figures (on a large data set, the estimate's rows); once the
   * network has rested, they are counted on every row and replace the quick ones wherever they
   * are still shown. A run, Reset or a restore drops the count; a cut does not (the Before pruning
   * row would stay an estimate).
   */
  private refineWhenStopped(quick: StageFigures): void {
    const source = this.network.source;
    if (quick.exact || !source) return;
    this.stoppedCount.schedule(source, this.network.spec, (count) => {
      void this.jobs.enqueue(async () => {
        const exact = await count();
        if (!exact) return stopped('A run or Reset came first.');
        this.state = S.withRefined(this.state, quick, exact);
        this.publish();
        return DONE;
      });
    });
  }

  // ---- the rule and the network ----

  /**
   * Prunes by `rule`, live (the slider). Steps that arrive while one is being applied are merged:
   * the newest wins, and they all resolve when it has been applied. A rule that fails validation is
   * refused and changes nothing.
   */
  /**
   * Quantizes the network on top of its mask from now on (null: None, the float32 weights again,
   * exactly): weight sharing by k-means per layer, or linear integers. Evaluated at once, like a
   * slider step; the float weights are kept. A bad width is refused and changes nothing.
   */
  setQuantization(options: QuantizeOptions | null): Promise<CommandResult> {
    const problem = (options && quantizationProblem(options)) ?? this.jobs.busyReason();
    if (problem) return Promise.resolve(refused(problem));
    this.cancelCutRefine();
    return this.jobs.enqueue(async () => {
      this.state = { ...this.state, quantization: options };
      if (this.state.trained) await this.applyRule(false);
      else this.publish();
      return DONE;
    });
  }

  setRule(rule: PruneRule): Promise<CommandResult> {
    const problem = validateRule(rule) ?? this.jobs.busyReason();
    if (problem) return Promise.resolve(refused(problem));
    this.pendingRule = rule;
    // A new cut is coming: an exact count of the last one would describe weights about to change.
    this.cancelCutRefine();
    this.pendingApply ??= this.jobs.enqueue(async () => {
      this.state = { ...this.state, rule: this.pendingRule! };
      this.pendingRule = null;
      this.pendingApply = null;
      if (this.state.trained) await this.applyRule(true);
      else this.publish();
      return DONE;
    });
    return this.pendingApply;
  }

  /** Records the current pruned state on the timeline (call when a slider drag ends). */
  commitThreshold(): Promise<CommandResult> {
    const problem = this.jobs.busyReason() ?? this.untrainedReason();
    if (problem) return Promise.resolve(refused(problem));
    return this.jobs.enqueue(async () => {
      if (!this.state.current) return refused('There is no cut to record yet.');
      this.state = S.withPoint(this.state, 'Prune', describeRule(this.state.rule), this.state.current);
      this.publish();
      return DONE;
    });
  }

  /** Goes back to the trained baseline: fine-tuned weights, earlier rounds and compaction undone. */
  restoreBaseline(): Promise<CommandResult> {
    const problem = this.jobs.busyReason() ?? this.untrainedReason();
    if (problem) return Promise.resolve(refused(problem));
    return this.jobs.enqueue(async () => {
      this.backToBaseline();
      await this.applyRule(true);
      this.state = S.withPoint(this.state, 'Prune', 'back to the baseline', this.state.current!);
      this.state = {
        ...this.state,
        note: 'Back to the trained baseline: fine-tuning, earlier rounds and compaction undone.',
      };
      this.publish();
      return DONE;
    });
  }

  /**
   * The network as it stands, for Export model: its shape, the weights it computes with (pruned ones
   * exactly 0; with a quantization in force, the quantized values the page evaluates), the current
   * keep-masks and the rule that made them. Read after the queued work; refused while a run is
   * under way or before there is a trained network.
   */
  exportNetwork(): Promise<NetworkExport> {
    const problem = this.jobs.busyReason() ?? this.untrainedReason();
    if (problem) return Promise.resolve({ kind: 'refused', reason: problem });
    return this.jobs.read(async () => {
      const { spec, masks } = this.network;
      const current = await this.network.currentWeights();
      const quantization = this.state.quantization;
      const weights = quantization ? compress(current, masks, spec, quantization).evaluated : current;
      return { kind: 'done', spec, weights, masks, rule: this.state.rule };
    });
  }

  /** Forgets the runs drawn on the Accuracy vs sparsity figure. */
  clearCurves(): Promise<CommandResult> {
    return this.jobs.enqueue(async () => {
      this.state = { ...this.state, curves: [] };
      this.publish();
      return DONE;
    });
  }

  /** Back to an untrained model with the same seed: results and timeline cleared. A run in flight is thrown away. */
  reset(): Promise<CommandResult> {
    if (this.jobs.isClosed) return Promise.resolve(refused('This session has been closed.'));
    this.jobs.discard();
    this.cancelRefine();
    return this.jobs.enqueue(async () => {
      this.network.reinitialise();
      this.state = S.runEnded(S.untrained(this.state, this.network.layerCounts()), { kind: 'ready' }, null);
      this.state = { ...this.state, progress: 0 };
      await this.evaluateCurrent();
      return DONE;
    });
  }

  /** The session as plain data once the work queued before has finished (see SessionCheckpoint). */
  checkpoint(): Promise<SessionCheckpoint> {
    return this.jobs.read(async () => this.checkpointNow());
  }

  /**
   * Rebuilds the network (variables from the kept arrays) and the Results, timeline, curves and rule
   * from `checkpoint`, with `note` saying why and `ending` for Status. Refused while a run is under
   * way, or for a checkpoint of another network shape or seed.
   */
  restore(checkpoint: SessionCheckpoint, note: string | null = null, ending?: S.Ending): Promise<CommandResult> {
    const problem = this.jobs.busyReason() ?? checkpointMismatch(checkpoint, this.network.baselineSpec, this.seed);
    if (problem) return Promise.resolve(refused(problem));
    this.cancelRefine();
    return this.jobs.enqueue(async () => {
      this.network.restoreArrays(checkpoint.network);
      const view = checkpoint.network.source
        ? this.network.view()
        : { histogram: null, layers: this.network.layerCounts(), picture: null };
      this.state = restoredState(this.state, checkpoint.state, view);
      this.state = { ...this.state, note: note ?? this.state.note, ...(ending && { ending }) };
      this.publish();
      return DONE;
    });
  }

  /**
   * The cut's figures counted on every row: a run began before the slider's exact count came (or a
   * data set too large to count live), so the Results row and the lottery table would keep an estimate.
   */
  private async exactCut(ctx: RunContext, figures: StageFigures | null): Promise<StageFigures | null> {
    if (!figures || figures.exact || !this.network.source) return figures;
    const exact = await ctx.evaluate(maskWeights(this.network.source, this.network.masks), 'exact');
    ctx.throwIfDiscarded();
    if (this.state.cut === figures) this.state = { ...this.state, cut: exact };
    if (this.state.current === figures) this.state = { ...this.state, current: exact };
    return exact;
  }
}
