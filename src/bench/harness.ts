/**
 * Timing helpers for `npm run bench`, loaded only when the page's URL has `?bench`. They run in
 * this page on the backend they are given (the harness's own TensorFlow.js: the page's engine may
 * run in a Web Worker), so their figures are the bare work the page's own figures wrap.
 */
import { setBenchBackend } from './data';
import { deepCompressionFigures } from './deepCompression';
import { bareForward } from './forward';
import { lenetFigures } from './lenet';
import { trainingThroughput } from './throughput';
import { tradeOffFigures } from './tradeoff';

export function install(): void {
  Object.assign(window, {
    pruningLabBench: {
      setBenchBackend,
      bareForward,
      trainingThroughput,
      tradeOffFigures,
      lenetFigures,
      deepCompressionFigures,
    },
  });
}
