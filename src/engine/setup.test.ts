import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultDraw } from '../data/datasets';
import { loadData } from './setup';

/** A fetch that never answers until its request is aborted: a slow download. */
function hangingFetch() {
  const signals: AbortSignal[] = [];
  const fetch = vi.fn((_url: string, init?: RequestInit) => {
    const signal = init!.signal!;
    signals.push(signal);
    return new Promise<Response>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('The download was aborted', 'AbortError')));
    });
  });
  return { fetch, signals };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('loadData', () => {
  it('aborts a download nobody wants any more, and the next call starts afresh', async () => {
    const { fetch, signals } = hangingFetch();
    vi.stubGlobal('fetch', fetch);
    const draw = defaultDraw('mnist', 1);
    const first = loadData('mnist', draw, () => {});
    const second = loadData('mnist', draw, () => {});
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    first.unsubscribe();
    // Somebody still wants it: it goes on.
    expect(signals[0].aborted).toBe(false);
    second.unsubscribe();
    expect(signals[0].aborted).toBe(true);
    await expect(second.data).rejects.toThrow();
    const third = loadData('mnist', draw, () => {});
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(signals[1].aborted).toBe(false);
    third.unsubscribe();
    await expect(third.data).rejects.toThrow();
  });
});
