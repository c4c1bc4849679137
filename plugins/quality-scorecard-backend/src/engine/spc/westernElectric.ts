/**
 * The Western Electric rules (Western Electric, *Statistical Quality Control
 * Handbook*, 1956) over standardized weekly points, and the sentence a person
 * reads for a signal episode of any rule.
 */
import type {
  ControlRule,
  ControlSignal,
  WesternElectricRule,
} from '@shewhart/plugin-quality-scorecard-common';
import { isoWeek } from '../time';

export const WESTERN_ELECTRIC_RULES: ReadonlyArray<WesternElectricRule> = [
  'beyond-3-sigma',
  'two-of-three-beyond-2-sigma',
  'four-of-five-beyond-1-sigma',
  'eight-on-one-side',
];

const day = (iso: string) => iso.slice(0, 10);

/** The sentence a person reads for one signal episode. */
export function describeSignal(
  signal: {
    rule: ControlRule;
    side: 'above' | 'below';
    start: string;
    end: string;
  },
  weeks: number,
): string {
  const { rule, side } = signal;
  switch (rule) {
    case 'beyond-3-sigma':
    case 'beyond-limit': {
      const limit = `the ${side === 'above' ? 'upper' : 'lower'} control limit`;
      return weeks === 1
        ? `the week of ${day(signal.start)} ${side} ${limit}`
        : `${weeks} weeks in a row ${side} ${limit} from ${day(
            signal.start,
          )} to ${day(signal.end)}`;
    }
    case 'cusum':
      return `a sustained shift ${
        side === 'above' ? 'upwards' : 'downwards'
      } since the week of ${day(
        signal.start,
      )} (cumulative sum beyond its limit through ${day(signal.end)})`;
    case 'two-of-three-beyond-2-sigma':
      return `2 of 3 weeks beyond 2σ ${side} the centre line since ${day(
        signal.start,
      )}`;
    case 'four-of-five-beyond-1-sigma':
      return `4 of 5 weeks beyond 1σ ${side} the centre line since ${day(
        signal.start,
      )}`;
    default:
      return `${weeks} weeks in a row ${side} the centre line since ${day(
        signal.start,
      )}`;
  }
}

/**
 * The Western Electric rules over standardized points z = (x − centre)/σ.
 * A run rule fires on every window of consecutive points that holds enough
 * points beyond its limit on one side (from the series' first window on,
 * whichever of the window's points they are), spanning the points that make
 * it so. Firings of one rule on one side that overlap or follow each other
 * week after week are one episode, reported as one signal from its first week
 * to its last.
 */
export function westernElectricSignals(
  usable: Array<{ start: number; z: number }>,
  rules: ReadonlyArray<WesternElectricRule> = WESTERN_ELECTRIC_RULES,
): ControlSignal[] {
  const on = new Set(rules);
  const episodes: Array<{
    rule: WesternElectricRule;
    side: 'above' | 'below';
    from: number;
    to: number;
  }> = [];
  const emit = (
    rule: WesternElectricRule,
    side: 'above' | 'below',
    from: number,
    to: number,
  ) => {
    const last = [...episodes]
      .reverse()
      .find(s => s.rule === rule && s.side === side);
    if (last && last.to >= from - 1) {
      last.from = Math.min(last.from, from);
      last.to = Math.max(last.to, to);
      return;
    }
    episodes.push({ rule, side, from, to });
  };
  /** Fires `rule` when at least `needed` of the `size` points ending at `i` are beyond k·σ. */
  const runRule = (
    rule: WesternElectricRule,
    i: number,
    size: number,
    needed: number,
    k: number,
    sign: 1 | -1,
  ) => {
    if (i < size - 1) return;
    const beyond: number[] = [];
    for (let j = i - size + 1; j <= i; j++)
      if (sign * usable[j].z > k) beyond.push(j);
    if (beyond.length >= needed) {
      emit(
        rule,
        sign === 1 ? 'above' : 'below',
        beyond[0],
        beyond[beyond.length - 1],
      );
    }
  };
  for (let i = 0; i < usable.length; i++) {
    for (const sign of [1, -1] as const) {
      if (on.has('beyond-3-sigma') && sign * usable[i].z > 3)
        emit('beyond-3-sigma', sign === 1 ? 'above' : 'below', i, i);
      if (on.has('two-of-three-beyond-2-sigma'))
        runRule('two-of-three-beyond-2-sigma', i, 3, 2, 2, sign);
      if (on.has('four-of-five-beyond-1-sigma'))
        runRule('four-of-five-beyond-1-sigma', i, 5, 4, 1, sign);
      if (on.has('eight-on-one-side'))
        runRule('eight-on-one-side', i, 8, 8, 0, sign);
    }
  }
  return episodes.map(e => {
    const signal = {
      rule: e.rule,
      side: e.side,
      start: isoWeek(usable[e.from].start),
      end: isoWeek(usable[e.to].start),
    };
    return {
      ...signal,
      description: describeSignal(signal, e.to - e.from + 1),
    };
  });
}
