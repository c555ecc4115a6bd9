/**
 * TensorFlow.js flags from the page's address (`?tfjsflags=NAME:value,NAME:value`, tfjs-core's own
 * syntax), so that a journey can make this machine behave like a float16 phone
 * (`WEBGL_FORCE_F16_TEXTURES:true,WEBGL_RENDER_FLOAT32_ENABLED:false`). tfjs-core reads the address
 * only when it loads, and the page rewrites its address as soon as it opens (useAddress), so the
 * engines take the flags from the address the page opened with: the main thread sets them, and a
 * worker (whose address is its script's) gets them in its name, `engine` or `engine?tfjsflags=…`.
 */
const PREFIX = 'tfjsflags';

/** The `tfjsflags` value of a query string, or null. */
export function tfjsFlagsIn(search: string): string | null {
  return new URLSearchParams(search).get(PREFIX);
}

/** The engine worker's name: carries the page's flags, if any. */
export function workerName(pageSearch: string): string {
  const flags = tfjsFlagsIn(pageSearch);
  return flags ? `engine?${PREFIX}=${encodeURIComponent(flags)}` : 'engine';
}

/** The flags a worker was given in its name (see parseFlags). */
export function flagsFromWorkerName(name: string): Array<[string, boolean | number]> {
  const query = name.indexOf('?');
  return query < 0 ? [] : parseFlags(name.slice(query));
}

/**
 * The `tfjsflags` of a query string as [name, value] pairs, as tfjs-core parses them: "true"/"false"
 * become booleans, numbers numbers; anything else is left out.
 */
export function parseFlags(search: string): Array<[string, boolean | number]> {
  const flags = tfjsFlagsIn(search);
  if (!flags) return [];
  return flags.split(',').flatMap((pair): Array<[string, boolean | number]> => {
    const [key, raw] = pair.split(':');
    if (!key || raw === undefined) return [];
    if (raw === 'true' || raw === 'false') return [[key, raw === 'true']];
    const value = Number(raw);
    return Number.isFinite(value) ? [[key, value]] : [];
  });
}
