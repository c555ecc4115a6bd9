/**
 * The one place the app imports TensorFlow.js from: the core, layers (for initialisers and the
 * benchmark's `model.fit`), and the cpu and webgl backends. The wasm backend is loaded on demand.
 */
export * from '@tensorflow/tfjs';
