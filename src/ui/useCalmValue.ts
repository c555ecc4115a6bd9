import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on once it has stayed the same for `quietMs`, or at least every `maxWaitMs`
 * while it keeps changing. Charts read fast-changing figures through this: repainting a chart
 * competes with the network for the (often software) GPU, so a drag updates the readouts at once
 * and the charts when the hand rests.
 */
export function useCalmValue<T>(value: T, quietMs: number, maxWaitMs: number): T {
  const [calm, setCalm] = useState(value);
  const pendingSince = useRef<number | null>(null);

  useEffect(() => {
    if (Object.is(value, calm)) {
      pendingSince.current = null;
      return;
    }
    const now = performance.now();
    pendingSince.current ??= now;
    const overdue = now - pendingSince.current >= maxWaitMs;
    const timer = setTimeout(() => {
      pendingSince.current = null;
      setCalm(value);
    }, overdue ? 0 : quietMs);
    return () => clearTimeout(timer);
  }, [value, calm, quietMs, maxWaitMs]);

  return calm;
}
