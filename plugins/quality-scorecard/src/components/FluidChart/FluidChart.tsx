import {
  ReactElement,
  cloneElement,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

/*
 * recharts' ResponsiveContainer measures its box on mount and draws nothing
 * where that box is 0 wide (jsdom, which has no layout, or a hidden tab).
 * This keeps the initial width until a real width is measured, so a chart
 * follows the page in the browser and still draws in a test.
 */

/** A recharts chart as wide as its container, at a fixed height. */
export function FluidChart(props: {
  height: number;
  /** The width until the container has been measured. */
  initialWidth: number;
  /** Below this the chart keeps this width and its container scrolls. */
  minWidth?: number;
  children: ReactElement<{ width?: number; height?: number }>;
}) {
  const { height, initialWidth, minWidth = 0, children } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initialWidth);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const follow = (measured: number) => {
      if (measured > 0) setWidth(Math.max(minWidth, Math.floor(measured)));
    };
    follow(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(entries =>
      follow(entries[0]?.contentRect.width ?? 0),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [minWidth]);
  return (
    <div ref={box} style={{ width: '100%', minWidth, height }}>
      {cloneElement(children, { width, height })}
    </div>
  );
}
