/**
 * The one place the app imports TensorFlow.js from: the core ops, and the cpu and webgl backends
 * (registered by importing them). Not tf.layers (only the benchmark's `model.fit` uses it, from
 * ./keras) and not the wasm backend (loaded on demand by engine/backend).
 */
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
// Methods on tensors (t.reshape(), t.toInt(), …), which the app uses and the full bundle registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
// Gradients of every op, which training needs (the full bundle registers them too).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
