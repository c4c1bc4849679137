import { act, render } from '@testing-library/react';
import { Line, LineChart } from 'recharts';
import { FluidChart } from './FluidChart';

const data = [{ v: 1 }, { v: 3 }, { v: 2 }];

/** A ResizeObserver the test drives: jsdom lays nothing out. */
function drivenResizeObserver() {
  const callbacks: ResizeObserverCallback[] = [];
  const original = window.ResizeObserver;
  (window as any).ResizeObserver = class {
    constructor(callback: ResizeObserverCallback) {
      callbacks.push(callback);
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  return {
    resizeTo(width: number) {
      act(() =>
        callbacks.forEach(cb =>
          cb([{ contentRect: { width } } as ResizeObserverEntry], {} as any),
        ),
      );
    },
    restore() {
      window.ResizeObserver = original;
    },
  };
}

function renderChart(minWidth?: number) {
  const { container } = render(
    <FluidChart height={100} initialWidth={300} minWidth={minWidth}>
      <LineChart data={data}>
        <Line dataKey="v" isAnimationActive={false} />
      </LineChart>
    </FluidChart>,
  );
  return () => {
    const svg = container.querySelector('svg.recharts-surface')!;
    return [svg.getAttribute('width'), svg.getAttribute('height')];
  };
}

describe('FluidChart', () => {
  let observer: ReturnType<typeof drivenResizeObserver>;
  beforeEach(() => {
    observer = drivenResizeObserver();
  });
  afterEach(() => observer.restore());

  it('draws at its initial width while nothing is measured', () => {
    const size = renderChart();
    expect(size()).toEqual(['300', '100']);
    observer.resizeTo(0);
    expect(size()).toEqual(['300', '100']);
  });

  it.each([
    // [container width, min width, chart width]
    [720, undefined, '720'],
    [412.7, undefined, '412'],
    [1200, 480, '1200'],
    [320, 480, '480'],
  ])('follows a container %p wide (min %p) at %p', (width, minWidth, drawn) => {
    const size = renderChart(minWidth);
    observer.resizeTo(width);
    expect(size()).toEqual([drawn, '100']);
  });

  it('follows the container as it grows and shrinks', () => {
    const size = renderChart();
    observer.resizeTo(900);
    expect(size()[0]).toBe('900');
    observer.resizeTo(500);
    expect(size()[0]).toBe('500');
  });
});
