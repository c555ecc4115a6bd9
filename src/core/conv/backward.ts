/**
 * The gradients of forward.ts's convolution and max-pool on plain arrays, in float64: the reference
 * a closed-form conv trainer on tf is tested against. TensorFlow.js's wasm backend has no
 * Conv2DBackpropFilter kernel (it has Conv2DBackpropInput and MaxPoolGrad), so such a trainer has to
 * write the filter gradient another way (e.g. as a conv2d of the transposed input with the
 * transposed output gradient); these functions say what it must equal.
 */
import type { Maps } from './forward';
import type { Padding } from './spec';

/** TF's 'same' padding before the first row / column for a stride-1 `size` kernel; 0 for 'valid'. */
function padBefore(size: number, padding: Padding): number {
  return padding === 'same' ? Math.floor((size - 1) / 2) : 0;
}

/**
 * ∂loss/∂kernel of `conv2d(input, kernel, size, bias, padding)` given ∂loss/∂output `dOut`: HWIO
 * [size, size, input.channels, dOut.channels], dW[dy, dx, c, f] = Σ over rows and output positions
 * (y, x) of input[y + dy − pad, x + dx − pad, c] · dOut[y, x, f] (padding taps add 0). A new array.
 */
export function conv2dKernelGrad(input: Maps, dOut: Maps, size: number, padding: Padding): Float64Array {
  const { height, width, channels } = input;
  const filters = dOut.channels;
  const pad = padBefore(size, padding);
  const grad = new Float64Array(size * size * channels * filters);
  for (let r = 0; r < dOut.rows; r++) {
    for (let y = 0; y < dOut.height; y++) {
      for (let x = 0; x < dOut.width; x++) {
        const o = ((r * dOut.height + y) * dOut.width + x) * filters;
        for (let dy = 0; dy < size; dy++) {
          const iy = y + dy - pad;
          if (iy < 0 || iy >= height) continue;
          for (let dx = 0; dx < size; dx++) {
            const ix = x + dx - pad;
            if (ix < 0 || ix >= width) continue;
            const i = ((r * height + iy) * width + ix) * channels;
            for (let c = 0; c < channels; c++) {
              const k = ((dy * size + dx) * channels + c) * filters;
              for (let f = 0; f < filters; f++) grad[k + f] += input.data[i + c] * dOut.data[o + f];
            }
          }
        }
      }
    }
  }
  return grad;
}

/** ∂loss/∂bias of a convolution: dOut summed over rows and positions, one entry per filter. A new array. */
export function conv2dBiasGrad(dOut: Maps): Float64Array {
  const grad = new Float64Array(dOut.channels);
  for (let i = 0; i < dOut.data.length; i++) grad[i % dOut.channels] += dOut.data[i];
  return grad;
}

/**
 * ∂loss/∂input of a convolution with HWIO `kernel` given `dOut`, for an input of `height`×`width`:
 * dIn[iy, ix, c] = Σ over (y, x, dy, dx) with y + dy − pad = iy, x + dx − pad = ix of
 * dOut[y, x, f] · kernel[dy, dx, c, f], summed over f. A new Maps owned by the caller.
 */
export function conv2dInputGrad(
  dOut: Maps,
  kernel: Float32Array,
  size: number,
  height: number,
  width: number,
  padding: Padding,
): Maps {
  const filters = dOut.channels;
  const channels = kernel.length / (size * size * filters);
  const pad = padBefore(size, padding);
  const grad = new Float64Array(dOut.rows * height * width * channels);
  for (let r = 0; r < dOut.rows; r++) {
    for (let y = 0; y < dOut.height; y++) {
      for (let x = 0; x < dOut.width; x++) {
        const o = ((r * dOut.height + y) * dOut.width + x) * filters;
        for (let dy = 0; dy < size; dy++) {
          const iy = y + dy - pad;
          if (iy < 0 || iy >= height) continue;
          for (let dx = 0; dx < size; dx++) {
            const ix = x + dx - pad;
            if (ix < 0 || ix >= width) continue;
            const i = ((r * height + iy) * width + ix) * channels;
            for (let c = 0; c < channels; c++) {
              const k = ((dy * size + dx) * channels + c) * filters;
              let sum = 0;
              for (let f = 0; f < filters; f++) sum += dOut.data[o + f] * kernel[k + f];
              grad[i + c] += sum;
            }
          }
        }
      }
    }
  }
  return { data: grad, rows: dOut.rows, height, width, channels };
}

/**
 * ∂loss/∂input of `maxPool2(input)` given `dOut`: each window's gradient goes to its largest entry,
 * the first in row-major order on a tie (as tf's cpu MaxPoolGrad picks it); a dropped odd last row
 * or column gets 0. A new Maps shaped like `input`.
 */
export function maxPool2Grad(input: Maps, dOut: Maps): Maps {
  const { rows, height, width, channels } = input;
  const grad = new Float64Array(input.data.length);
  const at = (r: number, y: number, x: number) => ((r * height + y) * width + x) * channels;
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < dOut.height; y++) {
      for (let x = 0; x < dOut.width; x++) {
        const o = ((r * dOut.height + y) * dOut.width + x) * channels;
        const corners = [
          at(r, 2 * y, 2 * x),
          at(r, 2 * y, 2 * x + 1),
          at(r, 2 * y + 1, 2 * x),
          at(r, 2 * y + 1, 2 * x + 1),
        ];
        for (let c = 0; c < channels; c++) {
          let best = corners[0];
          for (const i of corners) if (input.data[i + c] > input.data[best + c]) best = i;
          grad[best + c] += dOut.data[o + c];
        }
      }
    }
  }
  return { data: grad, rows, height, width, channels };
}
