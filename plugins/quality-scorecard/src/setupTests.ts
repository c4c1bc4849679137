import '@testing-library/jest-dom';

// The component tests render whole Backstage pages (material-table, recharts);
// on a busy 2-core CI machine one can take longer than jest's default 5 s.
jest.setTimeout(30_000);

// jsdom has no layout: recharts' ResponsiveContainer keeps its initial size.
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  (window as any).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
