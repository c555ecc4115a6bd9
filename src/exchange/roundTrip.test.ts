import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import { activateBackend } from '../engine/backend';
import type { SessionHandle } from '../engine/handle';
import { magnitudeRule } from '../core/pruning/rule';
import { forwardLogits } from '../core/network/forward';
import { PruningSession, type NetworkExport } from '../engine/session';
import { generatedSessionOptions, type SessionOptions } from '../engine/setup';
import { serveEngine } from '../worker/host';
import { RemoteEngine } from '../worker/remote';
import { fromLayersModel, toLayersModel } from './layersModel';
import { masksFromJson, masksJson } from './masks';

// Export, then open the export, on both engines: the main-thread PruningSession and a RemoteSession
// whose PruningSession runs behind a real MessageChannel, as in the page's worker.
const channel = new MessageChannel();
serveEngine(channel.port1, { activateBackend, createSession: (options) => new PruningSession(options) });
const remote = new RemoteEngine(channel.port2);

beforeAll(async () => {
  expect((await remote.start('cpu')).name).toBe('cpu');
});
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

const ENGINES: Array<[string, (options: SessionOptions) => Promise<SessionHandle>]> = [
  ['main thread', async (options) => new PruningSession(options)],
  ['worker', (options) => remote.createSession(options)],
];

function done(result: NetworkExport): Extract<NetworkExport, { kind: 'done' }> {
  if (result.kind !== 'done') throw new Error(`Expected an export, but it was refused: ${result.reason}`);
  return result;
}

const idle = async (session: SessionHandle) => {
  await session.idle();
  return session.getSnapshot();
};

for (const [where, create] of ENGINES) {
  describe(`Export model and Open model, engine on the ${where}`, () => {
    it('refuses to export before training, saying why', async () => {
      const session = await create(generatedSessionOptions('spiral', { seed: 1, rule: magnitudeRule(0.5) }));
      const refusal = await session.exportNetwork();
      expect(refusal.kind).toBe('refused');
      expect(refusal.kind === 'refused' && refusal.reason).toContain('Train');
      session.dispose();
      await session.idle();
    });

    it('exports the pruned network (zeros exactly where the mask is); opened back, the same predictions and sparsity', async () => {
      const options = generatedSessionOptions('spiral', { seed: 2, rule: magnitudeRule(0.5) });
      const session = await create(options);
      expect(await session.train({ epochs: 3, learningRate: 0.05 })).toEqual({ kind: 'done' });
      expect(await session.setRule(magnitudeRule(0.6))).toEqual({ kind: 'done' });
      const before = await idle(session);
      const exported = done(await session.exportNetwork());
      expect(exported.rule.threshold).toBe(0.6);
      exported.weights.kernels.forEach((kernel, l) =>
        kernel.forEach((w, i) => expect(w === 0).toBe(exported.masks[l][i] === 0)),
      );
      expect(exported.weights.kernels).toEqual(before.picture!.masked.kernels);
      const tensorsBefore = before.tensors;

      // Through the files a person downloads and opens again.
      const { json, bin } = toLayersModel(exported.spec, exported.weights);
      const sidecar = masksJson(exported.spec, exported.masks, exported.rule, '?v=1');
      expect(masksFromJson(JSON.parse(JSON.stringify(sidecar)))).toEqual(exported.masks.map((m) => Uint8Array.from(m)));
      expect(sidecar.sparsity).toBeCloseTo(before.current!.sparsity, 12);
      const opened = fromLayersModel(JSON.parse(JSON.stringify(json)), [bin.slice(0)]);
      if ('problem' in opened) throw new Error(opened.problem);
      const reopened = await create({
        ...options,
        model: { hidden: opened.spec.hidden, activation: opened.spec.activation },
        baseline: opened.weights,
      });
      const after = await idle(reopened);
      expect(after.trained).toBe(true);
      expect(after.current!.sparsity).toBe(before.current!.sparsity);
      expect(after.current!.testAccuracy).toBe(before.current!.testAccuracy);
      expect(after.current!.testLoss).toBeCloseTo(before.current!.testLoss, 5);
      expect(after.results['Before pruning']!.sparsity).toBe(before.current!.sparsity);
      const again = done(await reopened.exportNetwork());
      expect(again.weights).toEqual(exported.weights);
      const x = options.data.test.x;
      const rows = options.data.test.rows;
      expect(forwardLogits('tanh', again.weights, x, rows)).toEqual(forwardLogits('tanh', exported.weights, x, rows));
      // The opened zeros stay pruned through fine-tuning.
      expect(await reopened.fineTune({ epochs: 1, learningRate: 0.005 })).toEqual({ kind: 'done' });
      expect((await idle(reopened)).current!.sparsity).toBe(before.current!.sparsity);

      session.dispose();
      reopened.dispose();
      await session.idle();
      await reopened.idle();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(tensorsBefore);
    });

    it('exports a weight-shared network as the page evaluates it: at most 2^bits values per layer, the page’s accuracy', async () => {
      const options = generatedSessionOptions('spiral', { seed: 3, rule: magnitudeRule(0.4) });
      const session = await create(options);
      expect(await session.train({ epochs: 3, learningRate: 0.05 })).toEqual({ kind: 'done' });
      const float = done(await session.exportNetwork());
      expect(await session.setQuantization({ kind: 'kmeans', bits: 2 })).toEqual({ kind: 'done' });
      const shown = await idle(session);
      const exported = done(await session.exportNetwork());
      exported.weights.kernels.forEach((kernel, l) => {
        const values = new Set(Array.from(kernel).filter((_, i) => exported.masks[l][i] !== 0));
        expect(values.size).toBeLessThanOrEqual(4);
        kernel.forEach((w, i) => exported.masks[l][i] === 0 && expect(w).toBe(0));
      });
      expect(exported.weights.kernels).not.toEqual(float.weights.kernels);
      // The test rows through the exported weights give the accuracy the page shows.
      const { x, y, rows } = options.data.test;
      const logits = forwardLogits('tanh', exported.weights, x, rows);
      const right = Array.from(logits).filter((z, i) => (z >= 0 ? 1 : 0) === y[i]).length;
      expect(right / rows).toBe(shown.current!.testAccuracy);
      session.dispose();
      await session.idle();
    });

    it('refuses weights of another shape than the data set needs, saying what it expected', async () => {
      const options = generatedSessionOptions('spiral', { seed: 1, rule: magnitudeRule(0.5) });
      const wrong = {
        kernels: [new Float32Array(3 * 4), new Float32Array(4)],
        biases: [new Float32Array(4), new Float32Array(1)],
      };
      await expect(create({ ...options, model: { hidden: [4], activation: 'relu' }, baseline: wrong })).rejects.toThrow(
        /Expected weights of a 2-4-1 network/,
      );
    });
  });
}
