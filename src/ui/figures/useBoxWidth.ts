import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * A ref for a box and its width in whole CSS px: measured before the first paint, then whenever the
 * box resizes (0 until it is measured). For figures drawn to their box's width.
 */
export function useBoxWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setWidth(Math.floor(box.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
