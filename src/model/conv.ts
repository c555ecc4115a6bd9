import * as tf from './tf';
import type { NetworkSpec } from '../core/network/spec';
import type { Padding } from '../core/conv/spec';

/**
 * How a convolutional front is computed: 'fast' with tf's fused conv2d (bias and relu in the same
 * kernel), 'taped' with ops whose gradients tf's tape has on every backend. wasm registers no
 * Conv2DBackpropFilter, so there a convolution is taped as a conv3d of depth 1 (its
 * Conv3DBackpropFilterV2 exists): the same sums, in the same order on wasm (a gap of 0 measured).
 */
export type FrontMode = 'fast' | 'taped';

/**
 * The convolutions of `spec` applied to `x` [rows, inputs] read as NHWC images: per layer a
 * stride-1 convolution with its bias, relu, then a 2×2 stride-2 max-pool when the layer has one;
 * then the flatten, NHWC order as tf.layers' Flatten does: [rows, height × width × channels].
 * Kernels are [kh·kw·in, filters] matrices (core/conv/spec's view), reshaped to HWIO here.
 */
export function convFront(
  spec: NetworkSpec,
  kernels: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
  x: tf.Tensor2D,
  mode: FrontMode,
): tf.Tensor2D {
  const front = spec.conv;
  if (!front) throw new Error('Expected a network with convolutions, but this one has none');
  const rows = x.shape[0];
  let h = tf.reshape<tf.Rank.R4>(x, [rows, ...front.image]);
  front.layers.forEach((layer, l) => {
    const kernel = kernels[l];
    const filters = kernel.shape[1];
    const inChannels = kernel.shape[0] / (layer.size * layer.size);
    const filter = tf.reshape<tf.Rank.R4>(kernel, [layer.size, layer.size, inChannels, filters]);
    const z: tf.Tensor4D =
      mode === 'fast'
        ? tf.fused.conv2d({ x: h, filter, strides: 1, pad: layer.padding, bias: biases[l], activation: 'relu' })
        : tf.relu(tf.add<tf.Tensor4D>(tapedConv(h, filter, layer.padding), biases[l]));
    h = layer.pool ? tf.maxPool(z, 2, 2, 'valid') : z;
  });
  return tf.reshape<tf.Rank.R2>(h, [rows, -1]);
}

/** A stride-1 convolution that tf's tape can differentiate on the active backend. */
function tapedConv(h: tf.Tensor4D, filter: tf.Tensor4D, padding: Padding): tf.Tensor4D {
  if (tf.getBackend() !== 'wasm') return tf.conv2d(h, filter, 1, padding);
  const out = tf.conv3d(tf.expandDims<tf.Tensor5D>(h, 1), tf.expandDims<tf.Tensor5D>(filter, 0), 1, padding);
  return tf.squeeze<tf.Tensor4D>(out, [1]);
}
