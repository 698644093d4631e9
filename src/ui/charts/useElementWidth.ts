import { type RefObject, useEffect, useRef, useState } from "react";

/**
 * Returns a ref to attach and the element's content width in CSS pixels,
 * updated by a ResizeObserver. Before the first measurement, and where
 * ResizeObserver is missing, the width is `fallback`.
 */
export function useElementWidth<E extends HTMLElement>(
  fallback: number,
): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);

  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") {
      return;
    }
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      // A hidden panel measures 0, so keep the last width instead of drawing nothing.
      if (measured && measured > 0) {
        setWidth(Math.floor(measured));
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return [ref, width];
}
