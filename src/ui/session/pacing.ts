import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on once it has stayed the same for `quietMs`. Charts read fast-changing figures
 * through this: re-rendering a chart costs the main thread tens of milliseconds and, on software
 * WebGL, competes with the network for the CPU, so a drag updates the readouts at once and the
 * charts when the hand rests.
 */
export function useCalmValue<T>(value: T, quietMs: number): T {
  return usePacedValue(value, quietMs, null);
}

/**
 * `value`, passed on at most once every `intervalMs`, the latest one last. The timeline reads
 * training progress through this: a few chart updates a second, however fast the backend trains.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  return usePacedValue(value, Infinity, intervalMs);
}

/**
 * `value` for a chart: while a run is under way (`maxWaitMs` set), at most once every `maxWaitMs`,
 * the latest one last; otherwise once it has stayed the same for `quietMs`. So training moves the
 * timeline a few times a second, and a person stepping the slider (four steps a second, say) sees
 * the charts catch up when the hand rests, never between two steps.
 */
export function usePacedValue<T>(value: T, quietMs: number, maxWaitMs: number | null): T {
  const [shown, setShown] = useState(value);
  const lastShown = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const sinceShown = performance.now() - lastShown.current;
    const wait = maxWaitMs === null ? quietMs : Math.min(quietMs, Math.max(0, maxWaitMs - sinceShown));
    const timer = setTimeout(() => {
      lastShown.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, quietMs, maxWaitMs]);
  return shown;
}
