import { describe, expect, it } from 'vitest';
import { magnitudeRule } from '../core/pruning/rule';
import type { CompactionReport, StageFigures } from './snapshot';
import * as S from './state';

/** Hand-made figures at `sparsity`, told apart by their test accuracy. */
function figures(sparsity: number, testAccuracy: number): StageFigures {
  return { trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.6, testAccuracy, sparsity, exact: true };
}

const fresh = S.initialState(magnitudeRule(0.1), [{ name: 'Dense 1', zeros: 0, total: 10 }], null);
const dense = figures(0, 0.9);
const trained = S.trained(fresh, dense);

describe('toSnapshot', () => {
  it('says Measuring until the figures are counted, then Ready, the run under way, Stopped or the error, and flags only an error at rest', () => {
    expect(S.toSnapshot(fresh, 7)).toMatchObject({ status: 'Measuring…', isError: false, running: null, tensors: 7 });
    expect(S.toSnapshot(S.trained(fresh, dense), 7)).toMatchObject({ status: 'Ready', isError: false });
    const running = S.runStarted(fresh, 'fine-tune');
    expect(S.toSnapshot(running, 7)).toMatchObject({
      status: 'Fine-tuning…',
      isError: false,
      running: 'fine-tune',
      progress: 0,
    });
    const stopped = S.runEnded({ ...running, progress: 0.4 }, { kind: 'stopped' }, 'Stopped after 2 of 5 epochs.');
    expect(S.toSnapshot(stopped, 7)).toMatchObject({
      status: 'Stopped',
      running: null,
      progress: 0.4,
      note: 'Stopped after 2 of 5 epochs.',
    });
    const failed = S.runEnded(running, { kind: 'error', message: 'Something went wrong: boom' }, null);
    expect(S.toSnapshot(failed, 7)).toMatchObject({ status: 'Something went wrong: boom', isError: true, progress: 0 });
    expect(S.toSnapshot(S.runStarted(failed, 'train'), 7)).toMatchObject({ status: 'Training…', isError: false });
  });

  it('derives the Results rows: the cut in round 1, the last round while no deeper cut is made', () => {
    expect(S.toSnapshot(fresh, 0).results).toEqual({
      'Before pruning': null,
      'After pruning': null,
      'After fine-tuning': null,
    });
    expect(S.toSnapshot(trained, 0).results).toEqual({
      'Before pruning': dense,
      'After pruning': null,
      'After fine-tuning': null,
    });
    const cut = figures(0.5, 0.7);
    const pruned = { ...trained, cut, current: cut };
    expect(S.toSnapshot(pruned, 0).results).toEqual({
      'Before pruning': dense,
      'After pruning': cut,
      'After fine-tuning': null,
    });
    const tuned = figures(0.5, 0.85);
    const round2 = S.roundFinished(pruned, cut, tuned);
    expect(round2.round).toBe(2);
    expect(S.toSnapshot(round2, 0).results).toEqual({
      'Before pruning': dense,
      'After pruning': cut,
      'After fine-tuning': tuned,
    });
    // A cut that prunes no more than fine-tuning kept shows the last round's rows; a deeper one starts round 2's.
    const shallow = { ...round2, cut: figures(0.5, 0.85) };
    expect(S.toSnapshot(shallow, 0).results['After fine-tuning']).toEqual(tuned);
    const deeper = figures(0.8, 0.6);
    expect(S.toSnapshot({ ...round2, cut: deeper }, 0).results).toEqual({
      'Before pruning': dense,
      'After pruning': deeper,
      'After fine-tuning': null,
    });
  });

  it('offers rewinding only for a trained network of θ₀’s shape', () => {
    expect(S.toSnapshot(fresh, 0).canRewind).toBe(false);
    expect(S.toSnapshot(trained, 0).canRewind).toBe(true);
    const compacted = { ...trained, compaction: {} as CompactionReport };
    expect(S.toSnapshot(compacted, 0).canRewind).toBe(false);
    expect(S.toSnapshot(S.backOnBaseline(compacted), 0).canRewind).toBe(true);
  });

  it('starts a trained baseline unpruned, whatever rule was stored, and forgets it all when untrained', () => {
    expect(trained.rule).toEqual(magnitudeRule(0));
    const layers = [{ name: 'Dense 1', zeros: 0, total: 10 }];
    const back = S.untrained(S.withPoint(trained, 'Train', 'epoch 1.00', dense), layers);
    expect(S.toSnapshot(back, 0)).toMatchObject({
      trained: false,
      timeline: [],
      current: null,
      round: 1,
      canRewind: false,
    });
  });
});

describe('curves', () => {
  it('gives each new curve the next id and keeps one curve per kind in order of sparsity', () => {
    const [withOne, first] = S.withNewCurve(fresh, 'one-shot', 'One-shot');
    const [, second] = S.withNewCurve(withOne, 'one-shot', 'One-shot');
    expect([first.id, second.id]).toEqual([1, 2]);
    let state = S.withCurvePoint(fresh, 'fine-tuned', 'Fine-tuned', { sparsity: 0.8, accuracy: 0.7, label: 'b' });
    state = S.withCurvePoint(state, 'fine-tuned', 'Fine-tuned', { sparsity: 0.5, accuracy: 0.9, label: 'a' });
    expect(state.curves).toHaveLength(1);
    expect(state.curves[0].points.map((p) => p.label)).toEqual(['a', 'b']);
  });
});
