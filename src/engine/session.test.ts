import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import { applyMask, countZeros, magnitudeMask, sparsityOf, sumCounts } from '../core/pruning/mask';
import { createParams, disposeParams, readWeights } from '../model/mlp';
import { magnitudeRule } from '../core/pruning/rule';
import { generatedSessionOptions } from './setup';
import { PruningSession, type CommandResult } from './session';

const FAST = { epochs: 2, learningRate: 0.001 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DONE: CommandResult = { kind: 'done' };

/** Prunes `session` by magnitude at `threshold` (the slider), resolving to what it did. */
function prune(session: PruningSession, threshold: number): Promise<CommandResult> {
  return session.setRule(magnitudeRule(threshold));
}

/** Resolves once a snapshot of `session` satisfies `predicate`. */
function until(
  session: PruningSession,
  predicate: (snapshot: ReturnType<PruningSession['getSnapshot']>) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = session.subscribe(() => {
      if (!predicate(session.getSnapshot())) return;
      unsubscribe();
      resolve();
    });
  });
}

async function trainedSession(threshold = 0.1): Promise<PruningSession> {
  const session = new PruningSession(
    generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(threshold) }),
  );
  expect(await session.train(FAST)).toEqual(DONE);
  return session;
}

function flatten(arrays: Float32Array[]): number[] {
  return arrays.flatMap((a) => Array.from(a));
}

describe('the seed model', () => {
  it('prunes about 38% of a glorot-uniform initialisation at threshold 0.1, as the seed did', async () => {
    const spec = { inputs: 20, hidden: [64, 32], activation: 'relu' as const, outputs: 1 };
    const params = createParams(spec, 123);
    const weights = await readWeights(params);
    disposeParams(params);
    const counts = weights.kernels.map((k) => countZeros(applyMask(k, magnitudeMask(k, 0.1))));
    // Expected share below 0.1 for limits sqrt(6/84), sqrt(6/96), sqrt(6/33): 38.85% overall.
    expect(sparsityOf(sumCounts(counts))).toBeGreaterThan(0.37);
    expect(sparsityOf(sumCounts(counts))).toBeLessThan(0.41);
    expect(weights.biases.every((b) => b.every((v) => v === 0))).toBe(true);
  });

  it('memorises random labels: training accuracy rises above chance, test accuracy stays near it', async () => {
    const session = new PruningSession(generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }));
    await session.train({ epochs: 10, learningRate: 0.001 });
    const before = session.getSnapshot().results['Before pruning'];
    expect(before).not.toBeNull();
    expect(before!.trainAccuracy).toBeGreaterThan(0.55);
    expect(before!.trainLoss).toBeLessThan(0.69);
    expect(Math.abs(before!.testAccuracy - 0.5)).toBeLessThan(0.1);
    session.dispose();
    await session.idle();
  });
});

describe('PruningSession', () => {
  let session: PruningSession;
  afterAll(async () => {
    session?.dispose();
    await session?.idle();
  });

  it('is seeded: two sessions with the same seed train to the same weights', async () => {
    const a = await trainedSession();
    const b = await trainedSession();
    expect(flatten((await a.currentWeights()).kernels)).toEqual(flatten((await b.currentWeights()).kernels));
    a.dispose();
    b.dispose();
    await Promise.all([a.idle(), b.idle()]);
  });

  it('prunes below the threshold and restores the exact baseline at threshold 0', async () => {
    session = await trainedSession(0.1);
    const snap0 = session.getSnapshot();
    expect(snap0.rule.threshold).toBe(0); // training ends unpruned, whatever threshold the session began with
    expect(snap0.results['After pruning']).toBeNull();
    const baseline = await session.currentWeights();
    expect(snap0.current).toEqual(snap0.results['Before pruning']);
    expect(snap0.current!.sparsity).toBe(0);

    await prune(session, 0.1);
    const pruned = await session.currentWeights();
    const snap1 = session.getSnapshot();
    pruned.kernels.forEach((k, i) => {
      k.forEach((v, j) => {
        const original = baseline.kernels[i][j];
        expect(v).toBe(Math.abs(original) < 0.1 ? 0 : original);
      });
    });
    const zeros = sumCounts(pruned.kernels.map(countZeros));
    expect(snap1.current!.sparsity).toBe(sparsityOf(zeros));
    expect(snap1.results['After pruning']).toEqual(snap1.current);
    expect(snap1.current!.sparsity).toBeGreaterThan(0.2);

    await prune(session, 0);
    const restored = await session.currentWeights();
    expect(flatten(restored.kernels)).toEqual(flatten(baseline.kernels));
    expect(session.getSnapshot().current).toEqual(snap0.results['Before pruning']);
  });

  it('fine-tunes with the mask kept: pruned weights stay exactly zero, sparsity does not move', async () => {
    await prune(session, 0.1);
    const pruned = await session.currentWeights();
    const sparsityBefore = session.getSnapshot().current!.sparsity;
    await session.fineTune({ epochs: 2, learningRate: 0.0001 });
    const tuned = await session.currentWeights();
    const snap = session.getSnapshot();
    let changed = 0;
    pruned.kernels.forEach((k, i) =>
      k.forEach((v, j) => {
        if (v === 0) expect(tuned.kernels[i][j]).toBe(0);
        else if (tuned.kernels[i][j] !== v) changed++;
      }),
    );
    expect(changed).toBeGreaterThan(100); // the survivors did train
    expect(snap.results['After fine-tuning']!.sparsity).toBe(sparsityBefore);
    expect(snap.round).toBe(2);
    expect(snap.status).toBe('Ready');
  });

  it('prunes the fine-tuned weights further while earlier prunes stay pruned', async () => {
    const tuned = await session.currentWeights();
    const tunedSparsity = session.getSnapshot().current!.sparsity;
    await prune(session, 0.15);
    const more = await session.currentWeights();
    tuned.kernels.forEach((k, i) => k.forEach((v, j) => v === 0 && expect(more.kernels[i][j]).toBe(0)));
    expect(session.getSnapshot().current!.sparsity).toBeGreaterThan(tunedSparsity);
    expect(session.getSnapshot().results['After fine-tuning']).toBeNull();

    await prune(session, 0);
    expect(session.getSnapshot().current!.sparsity).toBe(tunedSparsity);
    // Back at the fine-tuned mask, the round's rows come back.
    expect(session.getSnapshot().results['After fine-tuning']!.sparsity).toBe(tunedSparsity);
  });

  it('drops a run queued behind a reset instead of running it', async () => {
    const cut = prune(session, 0.2);
    const fineTuning = session.fineTune({ epochs: 1, learningRate: 0.0001 });
    const reset = session.reset();
    expect(await fineTuning).toEqual({ kind: 'stopped', reason: 'Reset before the run began.' });
    expect(await cut).toEqual(DONE);
    expect(await reset).toEqual(DONE);
    const snap = session.getSnapshot();
    expect(snap.running).toBeNull();
    expect(snap.status).toBe('Ready');
    expect(snap.trained).toBe(false);
    expect(snap.timeline).toEqual([]);
    expect(await session.train(FAST)).toEqual(DONE);
  });

  it('goes back to the baseline on request', async () => {
    const before = session.getSnapshot().results['Before pruning'];
    await session.restoreBaseline();
    await prune(session, 0);
    expect(session.getSnapshot().current).toEqual(before);
    expect(session.getSnapshot().round).toBe(1);
  });

  it('keeps the tensor count flat over 100 slider steps', async () => {
    await prune(session, 0.05);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      await prune(session, (i % 20) / 50);
    }
    expect(tf.memory().numTensors).toBe(start);
    expect(session.getSnapshot().tensors).toBe(start);
  });

  it('keeps the tensor count flat over train → prune → fine-tune → reset cycles, each awaited', async () => {
    const counts: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      expect(await session.train({ epochs: 1, learningRate: 0.001 })).toEqual(DONE);
      expect(await prune(session, 0.1)).toEqual(DONE);
      expect(await session.fineTune({ epochs: 1, learningRate: 0.0001 })).toEqual(DONE);
      // The fine-tune really ran: its row is there, and the round moved on.
      expect(session.getSnapshot().results['After fine-tuning']).not.toBeNull();
      expect(session.getSnapshot().round).toBe(2);
      expect(await session.reset()).toEqual(DONE);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    expect(session.getSnapshot().tensors).toBe(counts[0]);
  });

  it('stops a diverging run with a plain message and keeps finite weights', async () => {
    const result = await session.train({ epochs: 3, learningRate: 1e30 });
    expect(result).toEqual({ kind: 'diverged', reason: expect.stringMatching(/^The loss became NaN/) as unknown });
    const snap = session.getSnapshot();
    expect(snap.isError).toBe(true);
    expect(snap.status).toMatch(/NaN/);
    expect(snap.running).toBeNull();
    const weights = await session.currentWeights();
    expect(flatten(weights.kernels).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(snap.current!.testLoss)).toBe(true);
  });

  it('says so plainly when a run makes the loss worse by far', async () => {
    await session.train({ epochs: 3, learningRate: 10 });
    const snap = session.getSnapshot();
    expect(snap.status).toBe('Ready');
    expect(snap.note).toMatch(/^The test loss rose from \d+\.\d{4} to \d+\.\d{4}: the learning rate 10 is too large/);
  });

  it('stops when asked, and frees every tensor when disposed mid-run', async () => {
    const start = tf.memory().numTensors;
    const other = new PruningSession(generatedSessionOptions('spiral', { seed: 3, rule: magnitudeRule(0.3) }));
    const training = other.train({ epochs: 50, learningRate: 0.01 });
    await new Promise((r) => setTimeout(r, 300));
    await other.stop();
    expect((await training).kind).toBe('stopped');
    expect(other.getSnapshot().status).toBe('Stopped');
    expect(other.getSnapshot().trained).toBe(true);
    const again = other.train({ epochs: 50, learningRate: 0.01 });
    await new Promise((r) => setTimeout(r, 200));
    other.dispose();
    await other.idle();
    expect((await again).kind).toBe('stopped');
    expect(tf.memory().numTensors).toBe(start);
  });

  it("makes a stopped run's estimated Before pruning row exact even when a cut comes at once", async () => {
    const other = new PruningSession({
      ...generatedSessionOptions('spiral', { seed: 4, rule: magnitudeRule(0.3) }),
      estimateRows: 100,
    });
    const training = other.train({ epochs: 50, learningRate: 0.01 });
    await until(other, (snapshot) => snapshot.timeline.length > 1);
    await other.stop();
    expect((await training).kind).toBe('stopped');
    expect(other.getSnapshot().results['Before pruning']!.exact).toBe(false);
    expect(await other.setRule(magnitudeRule(0.5))).toEqual(DONE); // before the network has rested
    await until(other, (snapshot) => snapshot.results['Before pruning']?.exact === true);
    other.dispose();
    await other.idle();
  });

  it('says Stopped as soon as the loop stops, then closes the run with its figures', async () => {
    const other = new PruningSession(generatedSessionOptions('spiral', { seed: 4, rule: magnitudeRule(0.3) }));
    const seen: { status: string; running: string | null; loss: number | null }[] = [];
    const early: { result: Promise<CommandResult> | null } = { result: null };
    other.subscribe(() => {
      const s = other.getSnapshot();
      seen.push({ status: s.status, running: s.running, loss: s.current?.testLoss ?? null });
      // A command in that moment is refused, saying why (not "press Stop": it was pressed).
      if (s.status === 'Stopped' && s.running) early.result ??= other.train(FAST);
    });
    const training = other.train({ epochs: 50, learningRate: 0.01 });
    await until(other, (snapshot) => snapshot.timeline.length > 1);
    await other.stop();
    expect((await training).kind).toBe('stopped');
    const first = seen.findIndex((s) => s.status === 'Stopped');
    // The first Stopped snapshot still belongs to the run; the last one has closed it.
    expect(seen[first].running).toBe('train');
    expect(seen.at(-1)).toMatchObject({ status: 'Stopped', running: null });
    expect(seen.slice(first).every((s) => s.status === 'Stopped')).toBe(true);
    expect(await early.result).toEqual({
      kind: 'refused',
      reason: 'Stopped: training is counting its last figures. Try again in a moment.',
    });
    other.dispose();
    await other.idle();
  });
  it('refuses a bad rule with a message and keeps the rule it had', async () => {
    expect(await session.train(FAST)).toEqual(DONE);
    expect(await prune(session, 0.12)).toEqual(DONE);
    const before = session.getSnapshot();
    expect(await prune(session, -1)).toEqual({ kind: 'refused', reason: 'Expected a threshold >= 0, but got -1' });
    expect(await session.setRule({ ...magnitudeRule(0.1), by: 'target', targetFraction: 1 })).toEqual({
      kind: 'refused',
      reason: 'Expected a target sparsity from 0 up to (not including) 1, but got 1',
    });
    await session.idle();
    expect(session.getSnapshot().rule).toEqual(before.rule);
    expect(session.getSnapshot().current).toEqual(before.current);
    // The next good rule is applied as given: nothing of the refused ones is merged into it.
    const good = { ...magnitudeRule(0), by: 'target' as const, targetFraction: 0.5 };
    expect(await session.setRule(good)).toEqual(DONE);
    expect(session.getSnapshot().rule).toEqual(good);
  });

  it('says why it refuses a command: busy, untrained, nothing to stop', async () => {
    const fresh = new PruningSession(generatedSessionOptions('spiral', { seed: 5, rule: magnitudeRule(0.1) }));
    const untrained = 'Train the network first: there is no baseline to prune yet.';
    expect(await fresh.fineTune(FAST)).toEqual({ kind: 'refused', reason: untrained });
    expect(await fresh.sweep()).toEqual({ kind: 'refused', reason: untrained });
    expect(await fresh.restoreBaseline()).toEqual({ kind: 'refused', reason: untrained });
    expect(await fresh.stop()).toEqual({ kind: 'refused', reason: 'Nothing is running: there is nothing to stop.' });
    const training = fresh.train({ epochs: 50, learningRate: 0.01 });
    const busy = { kind: 'refused', reason: 'Wait until training has finished, or press Stop.' };
    expect(await fresh.train(FAST)).toEqual(busy);
    expect(await fresh.setRule(magnitudeRule(0.2))).toEqual(busy);
    expect(await fresh.compact()).toEqual(busy);
    await until(fresh, (snapshot) => snapshot.timeline.length > 1);
    expect(await fresh.stop()).toEqual(DONE);
    expect(await training).toEqual({
      kind: 'stopped',
      reason: expect.stringMatching(/^Stopped after [\d.]+ of 50 epochs\.$/) as unknown,
    });
    expect(fresh.getSnapshot().status).toBe('Stopped');
    fresh.dispose();
    await fresh.idle();
    expect(await fresh.train(FAST)).toEqual({ kind: 'refused', reason: 'This session has been closed.' });
  });

  it('publishes no trained or stopped snapshot when Reset ends a training run', async () => {
    const fresh = new PruningSession(generatedSessionOptions('spiral', { seed: 6, rule: magnitudeRule(0.1) }));
    const seen: { trained: boolean; status: string }[] = [];
    let resetCalled = false;
    fresh.subscribe(() => {
      if (resetCalled) seen.push({ trained: fresh.getSnapshot().trained, status: fresh.getSnapshot().status });
    });
    const training = fresh.train({ epochs: 50, learningRate: 0.01 });
    // Reset once training has really begun: its first evaluation point is on the timeline.
    await until(fresh, (snapshot) => snapshot.timeline.length > 1);
    resetCalled = true;
    const reset = fresh.reset();
    expect(await training).toEqual({
      kind: 'stopped',
      reason: 'Reset before the run ended: its result was thrown away.',
    });
    expect(await reset).toEqual(DONE);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.trained || s.status !== 'Ready')).toEqual([]);
    fresh.dispose();
    await fresh.idle();
  });
  it('throws a run away when Reset follows Stop before the run has wound down', async () => {
    const fresh = new PruningSession(generatedSessionOptions('spiral', { seed: 8, rule: magnitudeRule(0.1) }));
    const training = fresh.train({ epochs: 50, learningRate: 0.01 });
    await until(fresh, (snapshot) => snapshot.timeline.length > 1);
    const seen: { trained: boolean; status: string }[] = [];
    fresh.subscribe(() => seen.push({ trained: fresh.getSnapshot().trained, status: fresh.getSnapshot().status }));
    void fresh.stop();
    const reset = fresh.reset();
    expect(await training).toEqual({
      kind: 'stopped',
      reason: 'Reset before the run ended: its result was thrown away.',
    });
    expect(await reset).toEqual(DONE);
    expect(seen.filter((s) => s.trained || s.status === 'Stopped')).toEqual([]);
    fresh.dispose();
    await fresh.idle();
  });

  it('keeps nothing of a fine-tune that Reset overtook at its last evaluation point', async () => {
    const fresh = new PruningSession(generatedSessionOptions('spiral', { seed: 9, rule: magnitudeRule(0.1) }));
    expect(await fresh.train(FAST)).toEqual(DONE);
    expect(await prune(fresh, 0.3)).toEqual(DONE);
    const tuning = fresh.fineTune({ epochs: 2, learningRate: 0.001 });
    // The loop has reported its last point; the exact count and the readback of the weights follow.
    await until(fresh, (snapshot) => snapshot.running === 'fine-tune' && snapshot.progress === 1);
    const reset = fresh.reset();
    expect(await tuning).toEqual({
      kind: 'stopped',
      reason: 'Reset before the run ended: its result was thrown away.',
    });
    expect(await reset).toEqual(DONE);
    expect(fresh.getSnapshot().curves).toEqual([]);
    expect(fresh.getSnapshot().results['After fine-tuning']).toBeNull();
    fresh.dispose();
    await fresh.idle();
  });
});
