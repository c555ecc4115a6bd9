import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../model/tf';
import { magnitudeRule } from '../../core/pruning/rule';
import type { BackendInfo } from '../backendNames';
import { PruningSession } from '../session';
import { generatedSessionOptions } from '../setup';
import type { SessionSnapshot } from '../snapshot';
import { REBUILDING, RecoveringSession } from './recovering';

const FAST = { epochs: 2, learningRate: 0.001 };
const CPU: BackendInfo = { name: 'cpu', renderer: null, software: false, label: 'cpu' };
const LOST = 'The graphics context was lost';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A session whose "context" is lost when the test says so; the backend (cpu) restarts as `restart` says. */
function lossySession(problem: string | null = null) {
  const lose: Array<(reason: string) => void> = [];
  let restarts = 0;
  const session = new RecoveringSession(
    generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    {
      create: (options) => new PruningSession(options),
      watch: (onLost) => {
        lose.push(onLost);
        return () => lose.splice(lose.indexOf(onLost), 1);
      },
      restart: async () => {
        restarts++;
        return { info: problem ? { ...CPU, label: 'wasm', name: 'wasm' } : CPU, problem };
      },
    },
  );
  return {
    session,
    restarts: () => restarts,
    /** Loses the context, as the canvas's event does, and resolves once the network is rebuilt. */
    lose: async (): Promise<SessionSnapshot> => {
      expect(lose).toHaveLength(1);
      lose[0](LOST);
      expect(session.getSnapshot().status).toBe(REBUILDING);
      await session.idle();
      return session.getSnapshot();
    },
  };
}

function kernels(snapshot: SessionSnapshot): number[] {
  return snapshot.picture!.masked.kernels.flatMap((k) => Array.from(k));
}

describe('a session that loses its graphics context', () => {
  it('rebuilds a trained, pruned network idle, with the same figures at the same threshold and no tensor left over', async () => {
    const { session, lose, restarts } = lossySession();
    expect(await session.train(FAST)).toEqual({ kind: 'done' });
    expect(await session.setRule(magnitudeRule(0.1))).toEqual({ kind: 'done' });
    const before = session.getSnapshot();
    const tensors = tf.memory().numTensors;

    const after = await lose();
    expect(restarts()).toBe(1);
    expect(after.status).toBe('Ready');
    expect(after.note).toMatch(
      /^The graphics context was lost\. The network, its masks, the Results, timeline and curves were rebuilt on cpu/,
    );
    expect(after.recovery?.backend.name).toBe('cpu');
    expect(after.results).toEqual(before.results);
    expect(after.timeline).toEqual(before.timeline);
    expect(kernels(after)).toEqual(kernels(before));
    expect(tf.memory().numTensors).toBe(tensors);

    // Elsewhere and back: the same threshold gives the same figures as before the loss.
    expect(await session.setRule(magnitudeRule(0.3))).toEqual({ kind: 'done' });
    expect(await session.setRule(magnitudeRule(0.1))).toEqual({ kind: 'done' });
    expect(session.getSnapshot().current).toEqual(before.current);
    expect(kernels(session.getSnapshot())).toEqual(kernels(before));
    session.dispose();
    await session.idle();
  });

  it('ends a fine-tuning run in flight as stopped, says so, and fine-tunes again to the figures of a session that never lost it', async () => {
    const { session, lose } = lossySession();
    await session.train(FAST);
    await session.setRule(magnitudeRule(0.1));
    const pruned = session.getSnapshot();
    const tuning = session.fineTune({ epochs: 500, learningRate: 0.0001 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(session.getSnapshot().running).toBe('fine-tune');

    const after = await lose();
    const ended = await tuning;
    expect(ended.kind).toBe('stopped');
    expect(ended.kind === 'stopped' && ended.reason).toMatch(/Fine-tuning was under way and is lost/);
    expect(after.status).toBe('Stopped');
    expect(after.note).toMatch(/Fine-tuning was under way and is lost: the network is as it was before it began/);
    expect(after.results).toEqual(pruned.results);
    expect(after.results['After fine-tuning']).toBeNull();

    expect(await session.fineTune(FAST)).toEqual({ kind: 'done' });
    const reference = new PruningSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    await reference.train(FAST);
    await reference.setRule(magnitudeRule(0.1));
    await reference.fineTune(FAST);
    expect(session.getSnapshot().results).toEqual(reference.getSnapshot().results);
    reference.dispose();
    session.dispose();
    await session.idle();
  });

  it('says which backend it moved to when the old one does not come back, and refuses commands while it rebuilds', async () => {
    const { session, lose } = lossySession(
      'webgl did not come back (no answer within 5 s): the network now runs on wasm.',
    );
    await session.train(FAST);
    const rebuilt = lose();
    expect(await session.train(FAST)).toEqual({
      kind: 'refused',
      reason: 'Wait a moment: the network is being rebuilt after the graphics context was lost.',
    });
    const after = await rebuilt;
    expect(after.recovery?.backend.label).toBe('wasm');
    expect(after.note).toMatch(/the network now runs on wasm\.$/);
    expect(after.trained).toBe(true);
    session.dispose();
    await session.idle();
  });
});
