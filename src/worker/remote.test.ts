import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import { activateBackend } from '../engine/backend';
import { magnitudeRule } from '../core/pruning/rule';
import { PruningSession } from '../engine/session';
import { generatedSessionOptions } from '../engine/setup';
import type { SessionSnapshot } from '../engine/snapshot';
import { serveEngine } from './host';
import { changedFields, type ToEngine } from './protocol';
import { RemoteEngine, type RemoteSession } from './remote';

// The worker's host and the page's RemoteEngine, joined by a real MessageChannel: every request,
// reply and snapshot is structured-cloned as it would be between a page and its worker.
const channel = new MessageChannel();
serveEngine(channel.port1, {
  activateBackend,
  createSession: (options) => new PruningSession(options),
});
const engine = new RemoteEngine(channel.port2);

beforeAll(async () => {
  expect((await engine.start('cpu')).name).toBe('cpu');
});

afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

const FAST = { epochs: 2, learningRate: 0.001 };

function flatten(arrays: readonly Float32Array[]): number[] {
  return arrays.flatMap((a) => Array.from(a));
}

function picture(session: RemoteSession) {
  const { picture } = session.getSnapshot();
  if (!picture) throw new Error('Expected a picture of the trained network');
  return picture;
}

async function trainedSession(dataset: 'seed-replica' | 'spiral' = 'seed-replica'): Promise<RemoteSession> {
  const session = await engine.createSession(generatedSessionOptions(dataset, { seed: 1, rule: magnitudeRule(0.1) }));
  expect(await session.train(FAST)).toEqual({ kind: 'done' });
  return session;
}

describe('a session in the worker, seen from the page', () => {
  it('has the trained figures in its snapshot by the time Train resolves', async () => {
    const session = await trainedSession();
    const snapshot = session.getSnapshot();
    expect(snapshot.trained).toBe(true);
    expect(snapshot.status).toBe('Ready');
    expect(snapshot.results['Before pruning']).not.toBeNull();
    expect(session.stepsPerEpoch).toBeGreaterThan(0);
    session.dispose();
    await session.idle();
  });

  it('quantizes on top of the mask through the worker, and None restores the float figures', async () => {
    const session = await trainedSession('spiral');
    expect(await session.setRule(magnitudeRule(0.1))).toEqual({ kind: 'done' });
    const before = session.getSnapshot().current!;
    expect(await session.setQuantization({ kind: 'kmeans', bits: 2 })).toEqual({ kind: 'done' });
    const report = session.getSnapshot().compression!;
    expect(report.options).toEqual({ kind: 'kmeans', bits: 2 });
    expect(report.quantized).toEqual(session.getSnapshot().current);
    expect(report.sizes.huffman).toBeGreaterThan(0);
    expect(await session.setQuantization({ kind: 'kmeans', bits: 0 })).toMatchObject({ kind: 'refused' });
    expect(await session.setQuantization(null)).toEqual({ kind: 'done' });
    expect(session.getSnapshot().current).toEqual(before);
    session.dispose();
    await session.idle();
  });

  it('fine-tunes a weight-shared network with distillation through the worker, the mask kept', async () => {
    const session = await trainedSession('spiral');
    expect(await session.setRule(magnitudeRule(0.1))).toEqual({ kind: 'done' });
    expect(await session.setQuantization({ kind: 'kmeans', bits: 3 })).toEqual({ kind: 'done' });
    const masks = picture(session).masks.map((m) => Array.from(m));
    const distill = { temperature: 4, alpha: 0.5 };
    expect(await session.fineTune({ ...FAST, distill })).toEqual({ kind: 'done' });
    const after = picture(session);
    after.masked.kernels.forEach((k, l) => {
      k.forEach((w, i) => masks[l][i] === 0 && expect(w === 0).toBe(true));
      expect(new Set(Array.from(k).filter((_, i) => masks[l][i] === 1)).size).toBeLessThanOrEqual(8);
    });
    expect(session.getSnapshot().curves.at(-1)!.kind).toBe('distilled');
    session.dispose();
    await session.idle();
  });

  it('prunes below the threshold, and threshold 0 restores the baseline exactly', async () => {
    const session = await trainedSession();
    const before = session.getSnapshot();
    const baseline = flatten(picture(session).masked.kernels);
    expect(await session.setRule(magnitudeRule(0.1))).toEqual({ kind: 'done' });
    const pruned = flatten(picture(session).masked.kernels);
    pruned.forEach((v, i) => expect(v).toBe(Math.abs(baseline[i]) < 0.1 ? 0 : baseline[i]));
    const zeros = pruned.filter((v) => v === 0).length;
    expect(session.getSnapshot().current!.sparsity).toBeCloseTo(zeros / pruned.length, 12);
    expect(await session.setRule(magnitudeRule(0))).toEqual({ kind: 'done' });
    expect(flatten(picture(session).masked.kernels)).toEqual(baseline);
    expect(session.getSnapshot().current).toEqual(before.results['Before pruning']);
    session.dispose();
    await session.idle();
  });

  it('keeps pruned weights exactly zero through fine-tuning', async () => {
    const session = await trainedSession();
    await session.setRule(magnitudeRule(0.1));
    const pruned = flatten(picture(session).masked.kernels);
    expect(await session.fineTune({ epochs: 2, learningRate: 0.0001 })).toEqual({ kind: 'done' });
    const tuned = flatten(picture(session).masked.kernels);
    let moved = 0;
    pruned.forEach((v, i) => {
      if (v === 0) expect(tuned[i]).toBe(0);
      else if (tuned[i] !== v) moved++;
    });
    expect(moved).toBeGreaterThan(100);
    expect(session.getSnapshot().round).toBe(2);
    session.dispose();
    await session.idle();
  });

  it('keeps the tensor count flat over 60 slider steps, counted where the engine runs', async () => {
    const session = await trainedSession();
    await session.setRule(magnitudeRule(0.05));
    const start = session.getSnapshot().tensors;
    expect(start).toBe(tf.memory().numTensors);
    // Unawaited, as a slider sends them: the session applies the newest and drops the ones overtaken.
    const steps = Array.from({ length: 60 }, (_, i) => session.setRule(magnitudeRule((i % 20) / 50)));
    for (const result of await Promise.all(steps)) expect(['done', 'stopped']).toContain(result.kind);
    expect(await session.setRule(magnitudeRule(0.2))).toEqual({ kind: 'done' });
    expect(session.getSnapshot().tensors).toBe(start);
    expect(tf.memory().numTensors).toBe(start);
    session.dispose();
    await session.idle();
  });

  it('stops during training and during a sweep, keeping what was done', async () => {
    const session = await engine.createSession(
      generatedSessionOptions('spiral', { seed: 3, rule: magnitudeRule(0.3) }),
    );
    const training = session.train({ epochs: 50, learningRate: 0.01 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await session.stop()).toEqual({ kind: 'done' });
    expect((await training).kind).toBe('stopped');
    expect(session.getSnapshot().status).toBe('Stopped');
    expect(session.getSnapshot().trained).toBe(true);

    // Stop follows the sweep at once: a sweep of this small network can end within a few ms.
    const sweep = session.sweep();
    expect(await session.stop()).toEqual({ kind: 'done' });
    expect((await sweep).kind).toBe('stopped');
    expect(session.getSnapshot().running).toBeNull();
    session.dispose();
    await session.idle();
  });

  it('frees every tensor of a session disposed mid-run', async () => {
    const start = tf.memory().numTensors;
    const session = await engine.createSession(
      generatedSessionOptions('spiral', { seed: 3, rule: magnitudeRule(0.3) }),
    );
    const training = session.train({ epochs: 50, learningRate: 0.01 });
    await new Promise((r) => setTimeout(r, 200));
    session.dispose();
    await session.idle();
    expect((await training).kind).toBe('stopped');
    expect(tf.memory().numTensors).toBe(start);
    expect(await session.train(FAST)).toEqual({ kind: 'refused', reason: 'This session has been closed.' });
  });

  it('says why a command was refused, as on the main thread', async () => {
    const session = await engine.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    const result = await session.fineTune(FAST);
    expect(result.kind).toBe('refused');
    expect(result.kind === 'refused' && result.reason).toMatch(/Train/);
    session.dispose();
    await session.idle();
  });
});

describe('a checkpoint, through the worker and back', () => {
  it('rebuilds a compacted, fine-tuned session in a new session with the same figures, arrays and rule', async () => {
    const session = await trainedSession('spiral');
    const structured = { ...magnitudeRule(0.15), method: 'structured' as const };
    expect(await session.setRule(structured)).toEqual({ kind: 'done' });
    expect(await session.fineTune(FAST)).toEqual({ kind: 'done' });
    expect(await session.compact()).toEqual({ kind: 'done' });
    const before = session.getSnapshot();
    const checkpoint = await session.checkpoint();
    expect(checkpoint.network.spec.hidden.some((w, i) => w < [32, 32][i])).toBe(true);

    const start = tf.memory().numTensors;
    const copy = await engine.createSession(generatedSessionOptions('spiral', { seed: 1, rule: magnitudeRule(0) }));
    expect(await copy.restore(checkpoint, 'Restored.')).toEqual({ kind: 'done' });
    const after = copy.getSnapshot();
    expect(after.note).toBe('Restored.');
    for (const key of [
      'results',
      'timeline',
      'curves',
      'rule',
      'round',
      'compaction',
      'parameters',
      'layers',
    ] as const) {
      expect(after[key], key).toEqual(before[key]);
    }
    expect(flatten(picture(copy).masked.kernels)).toEqual(flatten(picture(session).masked.kernels));
    expect(picture(copy).spec).toEqual(picture(session).spec);
    // The rebuilt network is the network: the same cut gives the same figures.
    expect(await copy.setRule(magnitudeRule(0.2))).toEqual({ kind: 'done' });
    expect(await session.setRule(magnitudeRule(0.2))).toEqual({ kind: 'done' });
    expect(copy.getSnapshot().current).toEqual(session.getSnapshot().current);
    copy.dispose();
    await copy.idle();
    expect(tf.memory().numTensors).toBe(start);
    session.dispose();
    await session.idle();
  });

  it('refuses a checkpoint of another network, saying why, and changes nothing', async () => {
    const session = await trainedSession('seed-replica');
    const checkpoint = await session.checkpoint();
    const other = await engine.createSession(generatedSessionOptions('spiral', { seed: 1, rule: magnitudeRule(0.1) }));
    const before = other.getSnapshot();
    expect(await other.restore(checkpoint, null)).toEqual({
      kind: 'refused',
      reason: 'Expected a saved network of shape 2-32-32-1 (tanh), but it is 20-64-32-1 (relu)',
    });
    expect(other.getSnapshot().trained).toBe(false);
    expect(other.getSnapshot().results).toEqual(before.results);
    other.dispose();
    session.dispose();
    await session.idle();
  });
});

describe('a click, before the worker answers', () => {
  it('shows the run it starts at once, and the worker’s figures once it is over', async () => {
    const session = await engine.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    const training = session.train(FAST);
    expect(session.getSnapshot().status).toBe('Training…');
    expect(session.getSnapshot().running).toBe('train');
    expect(await training).toEqual({ kind: 'done' });
    expect(session.getSnapshot().status).toBe('Ready');
    expect(session.getSnapshot().running).toBeNull();
    session.dispose();
    await session.idle();
  });

  it('shows nothing ahead of a run that cannot start', async () => {
    const session = await engine.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    const before = session.getSnapshot().status;
    const tuning = session.fineTune(FAST);
    expect(session.getSnapshot().status).toBe(before);
    expect(session.getSnapshot().running).toBeNull();
    expect((await tuning).kind).toBe('refused');
    expect(session.getSnapshot().running).toBeNull();
    session.dispose();
    await session.idle();
  });
});

describe('what the page is sent', () => {
  it('sends only the fields that changed, so unchanged figures keep their identity on the page', async () => {
    const session = await trainedSession();
    const timeline = session.getSnapshot().timeline;
    await session.setRule(magnitudeRule(0.12));
    expect(session.getSnapshot().timeline).toBe(timeline);
    expect(session.getSnapshot().current!.sparsity).toBeGreaterThan(0);
    session.dispose();
    await session.idle();
  });

  it('keeps a snapshot that comes before its session’s creation is answered, and hears the next ones', async () => {
    const local = new MessageChannel();
    let snapshot = { status: 'Ready', progress: 0 } as unknown as SessionSnapshot;
    const listeners: Array<() => void> = [];
    const fake = {
      stepsPerEpoch: 1,
      getSnapshot: () => snapshot,
      subscribe: (listener: () => void) => {
        listeners.push(listener);
        // A session that publishes at once: this snapshot overtakes the reply to 'create'.
        snapshot = { ...snapshot, progress: 0.25 };
        listener();
        return () => {};
      },
    } as unknown as PruningSession;
    serveEngine(local.port1, { activateBackend, createSession: () => fake });
    const remote = new RemoteEngine(local.port2);
    const session = await remote.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    expect(session.getSnapshot().progress).toBe(0.25);
    const heard = new Promise<void>((resolve) => session.subscribe(resolve));
    snapshot = { ...snapshot, progress: 0.5 };
    listeners.forEach((listener) => listener());
    await heard;
    expect(session.getSnapshot().progress).toBe(0.5);
    local.port1.close();
    local.port2.close();
  });

  it('diffs two snapshots field by field', () => {
    const a = { status: 'Ready', timeline: [], progress: 0 } as unknown as SessionSnapshot;
    const b = { ...a, progress: 0.5 };
    expect(changedFields(a, b)).toEqual({ progress: 0.5 });
    expect(changedFields(null, b)).toBe(b);
  });

  it('fails every command with the reason once the worker is gone, and the Status says it', async () => {
    const local = new MessageChannel();
    serveEngine(local.port1, {
      activateBackend,
      createSession: (options) => new PruningSession(options),
    });
    const doomed = new RemoteEngine(local.port2);
    const session = await doomed.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    const training = session.train({ epochs: 50, learningRate: 0.001 });
    doomed.fail("The engine's worker stopped.");
    expect(await training).toEqual({ kind: 'failed', reason: "The engine's worker stopped." });
    expect(session.getSnapshot().status).toBe("The engine's worker stopped.");
    expect(session.getSnapshot().isError).toBe(true);
    expect(await session.reset()).toEqual({ kind: 'failed', reason: "The engine's worker stopped." });
    // The worker's side goes on running the orphaned session: stop it and close the channel.
    local.port1.close();
    local.port2.close();
  });
});

describe('a worker that stops answering', () => {
  it('says so in Status while a request is open, and shows the worker’s word again once it answers', async () => {
    const local = new MessageChannel();
    const snapshot = { status: 'Ready', running: null, trained: true, isError: false } as unknown as SessionSnapshot;
    // A worker that answers 'create' and then holds every reply (pings too) until the test lets them go.
    const held: Array<() => void> = [];
    local.port1.onmessage = ({ data }: MessageEvent<ToEngine>) => {
      if (!('call' in data)) return;
      const answer = () => {
        const value = data.kind === 'create' ? { stepsPerEpoch: 1, snapshot } : { kind: 'done' };
        local.port1.postMessage({ kind: 'reply', call: data.call, ok: true, value });
      };
      if (data.kind === 'create') answer();
      else held.push(answer);
    };
    const remote = new RemoteEngine(local.port2, { everyMs: 10, stallMs: 60 });
    const session = await remote.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    const training = session.train(FAST);
    await expect
      .poll(() => session.getSnapshot().status, { timeout: 2000 })
      .toBe(
        "The engine's worker has not answered for 0 s: it may be stuck. Wait, or reload the page (a trained network is kept in this browser).",
      );
    expect(session.getSnapshot().isError).toBe(true);
    held.splice(0).forEach((answer) => answer());
    expect(await training).toEqual({ kind: 'done' });
    await expect.poll(() => session.getSnapshot().status, { timeout: 2000 }).toBe('Ready');
    local.port1.close();
    local.port2.close();
  });

  it('stays quiet about a worker that answers its pings while a long run goes on', async () => {
    const local = new MessageChannel();
    serveEngine(local.port1, { activateBackend, createSession: (options) => new PruningSession(options) });
    const remote = new RemoteEngine(local.port2, { everyMs: 10, stallMs: 100 });
    const session = await remote.createSession(
      generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }),
    );
    const statuses = new Set<string>();
    session.subscribe(() => statuses.add(session.getSnapshot().status));
    expect(await session.train({ epochs: 6, learningRate: 0.001 })).toEqual({ kind: 'done' });
    expect([...statuses].filter((s) => s.includes('not answered'))).toEqual([]);
    session.dispose();
    await session.idle();
    local.port1.close();
    local.port2.close();
  });
});
