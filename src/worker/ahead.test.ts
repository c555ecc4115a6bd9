import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import { magnitudeRule } from '../core/pruning/rule';
import { PruningSession } from '../engine/session';
import { generatedSessionOptions } from '../engine/setup';
import type { SessionSnapshot } from '../engine/snapshot';
import type { FromEngine, Port, ToEngine } from './protocol';
import { RemoteEngine } from './remote';

// A stand-in for the worker that answers when the test says so, to put messages in an order a busy
// worker can produce: another command's answer before a run has begun.
let untrained: SessionSnapshot;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const session = new PruningSession(generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }));
  await session.idle();
  untrained = session.getSnapshot();
  session.dispose();
  await session.idle();
});

function fakeWorker() {
  const sent: ToEngine[] = [];
  const page: Port<FromEngine, ToEngine> = { postMessage: (m) => sent.push(m), onmessage: null };
  const deliver = async (message: FromEngine) => {
    page.onmessage?.({ data: message } as MessageEvent<FromEngine>);
    await Promise.resolve();
  };
  return { page, sent, deliver };
}

/** A RemoteSession on a stand-in worker, created (the worker answered with an untrained snapshot). */
async function openedSession() {
  const worker = fakeWorker();
  const engine = new RemoteEngine(worker.page);
  const creating = engine.createSession(generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0.1) }));
  const create = worker.sent.find((m) => m.kind === 'create')!;
  await worker.deliver({
    kind: 'reply',
    call: create.call,
    ok: true,
    value: { stepsPerEpoch: 16, snapshot: untrained },
  });
  return { worker, session: await creating };
}

describe('a run shown ahead of the worker', () => {
  it('stays on the page when another command is answered or a snapshot comes before the run begins', async () => {
    const { worker, session } = await openedSession();

    const training = session.train({ epochs: 1, learningRate: 0.001 });
    const rule = session.setRule(magnitudeRule(0.2));
    const [train, setRule] = worker.sent.filter((m) => m.kind === 'command');
    expect(session.getSnapshot().status).toBe('Training…');

    // The rule's answer, and a snapshot of other work, come first: still Training… on the page.
    await worker.deliver({ kind: 'snapshot', session: 1, changed: { note: 'queued' } });
    await worker.deliver({ kind: 'reply', call: setRule.call, ok: true, value: { kind: 'done' } });
    expect(await rule).toEqual({ kind: 'done' });
    expect(session.getSnapshot().status).toBe('Training…');
    expect(session.getSnapshot().running).toBe('train');

    // The run begins and ends in the worker's snapshots; its answer comes last.
    await worker.deliver({ kind: 'snapshot', session: 1, changed: { running: 'train', status: 'Training…' } });
    await worker.deliver({ kind: 'snapshot', session: 1, changed: { running: null, status: 'Ready' } });
    expect(session.getSnapshot().status).toBe('Ready');
    await worker.deliver({ kind: 'reply', call: train.call, ok: true, value: { kind: 'done' } });
    expect(await training).toEqual({ kind: 'done' });
    expect(session.getSnapshot().status).toBe('Ready');
  });

  it('goes once the run is answered without having begun (refused)', async () => {
    const { worker, session } = await openedSession();
    const training = session.train({ epochs: 1, learningRate: 0.001 });
    expect(session.getSnapshot().status).toBe('Training…');
    const train = worker.sent.find((m) => m.kind === 'command')!;
    await worker.deliver({ kind: 'reply', call: train.call, ok: true, value: { kind: 'refused', reason: 'busy' } });
    expect((await training).kind).toBe('refused');
    expect(session.getSnapshot().status).toBe('Ready');
    expect(session.getSnapshot().running).toBeNull();
  });
});
