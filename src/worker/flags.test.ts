import { describe, expect, it } from 'vitest';
import { flagsFromWorkerName, parseFlags, workerName } from './flags';

const FLOAT16 = '?tfjsflags=WEBGL_FORCE_F16_TEXTURES:true,WEBGL_RENDER_FLOAT32_ENABLED:false';

describe('TensorFlow.js flags from the address', () => {
  it('parses tfjs-core’s NAME:value list into booleans and numbers, leaving out what is neither', () => {
    expect(parseFlags(FLOAT16 + '&v=1')).toEqual([
      ['WEBGL_FORCE_F16_TEXTURES', true],
      ['WEBGL_RENDER_FLOAT32_ENABLED', false],
    ]);
    expect(parseFlags('?tfjsflags=WEBGL_VERSION:1,BAD,ALSO:abc')).toEqual([['WEBGL_VERSION', 1]]);
    expect(parseFlags('?v=1')).toEqual([]);
  });

  it('hands the same flags to the worker through its name, and none when the page had none', () => {
    expect(workerName('?v=1')).toBe('engine');
    expect(flagsFromWorkerName(workerName('?v=1'))).toEqual([]);
    expect(flagsFromWorkerName(workerName(FLOAT16))).toEqual(parseFlags(FLOAT16));
  });
});
