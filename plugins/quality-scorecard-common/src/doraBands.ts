/**
 * DORA performance bands, as the report that defines each metric publishes
 * them. Bands carry their edition; they may be absent (no edition gives
 * rework-rate bands) and need not be ordered by name: in DORA 2024 the high
 * cluster's change failure rate (20%) is worse than the medium one's (10%).
 * docs/metrics.md cites the tables.
 */
import type { MetricDefinition } from './metrics';

/** @public */
export type Band = 'elite' | 'high' | 'medium' | 'low';

/**
 * One band as a range of values. A value is in the range when it is at least
 * `min` (when given) and below `max` (at most, with `maxInclusive`).
 * @public
 */
export interface BandRange {
  band: Band;
  /** What the report publishes for the band, in its words. */
  published: string;
  min?: number;
  max?: number;
  maxInclusive?: boolean;
  /**
   * Compare the mean of the window's weekly values instead of the value
   * (their median): a monthly cadence leaves most weeks empty, so its median
   * week is 0 whatever the rate.
   */
  onWeeklyMean?: boolean;
}

/** @public */
export interface MetricBands {
  /** The report edition, e.g. "DORA 2024". */
  edition: string;
  /** The table the ranges come from. */
  citation: string;
  /**
   * Best value first: the first range that holds the value gives its band;
   * a value that none holds has no band (the report publishes none there).
   */
  ranges: BandRange[];
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** @public */
export const DORA_2024_CITATION =
  'Accelerate State of DevOps Report 2024 (DORA), "Software delivery performance levels" table';

/** @public */
export const DORA_2022_CITATION =
  'Accelerate State of DevOps Report 2022 (DORA), "Software delivery performance" cluster table';

/**
 * Deployment frequency in deployment days per week: elite and high compare
 * the median week (at least 5, at least 1 deployment day); medium, "between
 * once per week and once per month", the weekly mean (12 months in 52
 * weeks); low, "between once per month and once every six months", two
 * deployment days in 52 weeks.
 */
export const DEPLOYMENT_FREQUENCY_BANDS: MetricBands = {
  edition: 'DORA 2024',
  citation: DORA_2024_CITATION,
  ranges: [
    {
      band: 'elite',
      published: 'On demand (multiple deploys per day)',
      min: 5,
    },
    {
      band: 'high',
      published: 'Between once per day and once per week',
      min: 1,
    },
    {
      band: 'medium',
      published: 'Between once per week and once per month',
      min: 12 / 52,
      onWeeklyMean: true,
    },
    {
      band: 'low',
      published: 'Between once per month and once every six months',
      min: 2 / 52,
      onWeeklyMean: true,
    },
  ],
};

/** Change lead time in seconds. */
export const LEAD_TIME_BANDS: MetricBands = {
  edition: 'DORA 2024',
  citation: DORA_2024_CITATION,
  ranges: [
    { band: 'elite', published: 'Less than one day', max: DAY },
    { band: 'high', published: 'Between one day and one week', max: WEEK },
    {
      band: 'medium',
      published: 'Between one week and one month',
      max: 30 * DAY,
    },
    {
      band: 'low',
      published: 'Between one month and six months',
      max: 183 * DAY,
      maxInclusive: true,
    },
  ],
};

/**
 * Change failure rate: the report gives one rate per cluster (elite 5%, high
 * 20%, medium 10%, low 40%). A rate belongs to the cluster with the lowest
 * published rate it does not exceed; above 20%, low.
 */
export const CHANGE_FAILURE_RATE_BANDS: MetricBands = {
  edition: 'DORA 2024',
  citation: DORA_2024_CITATION,
  ranges: [
    { band: 'elite', published: '5%', max: 0.05, maxInclusive: true },
    { band: 'medium', published: '10%', max: 0.1, maxInclusive: true },
    { band: 'high', published: '20%', max: 0.2, maxInclusive: true },
    { band: 'low', published: '40%' },
  ],
};

/**
 * Failed deployment recovery time in seconds. High and medium both publish
 * "less than one day" (shown as high); nothing is published between one day
 * and one week, nor beyond a month.
 */
export const FAILED_DEPLOYMENT_RECOVERY_BANDS: MetricBands = {
  edition: 'DORA 2024',
  citation: DORA_2024_CITATION,
  ranges: [
    { band: 'elite', published: 'Less than one hour', max: HOUR },
    {
      band: 'high',
      published: 'Less than one day (high and medium)',
      max: DAY,
    },
    {
      band: 'low',
      published: 'Between one week and one month',
      min: WEEK,
      max: 30 * DAY,
      maxInclusive: true,
    },
  ],
};

/**
 * Time to restore service over all incidents: the last edition that defines
 * it (2023 renamed the metric to failed deployment recovery time). 2022 had
 * no elite cluster.
 */
export const TIME_TO_RESTORE_BANDS: MetricBands = {
  edition: 'DORA 2022',
  citation: DORA_2022_CITATION,
  ranges: [
    { band: 'high', published: 'Less than one day', max: DAY },
    { band: 'medium', published: 'Between one day and one week', max: WEEK },
    {
      band: 'low',
      published: 'Between one week and one month',
      max: 30 * DAY,
      maxInclusive: true,
    },
  ],
};

function inRange(range: BandRange, x: number): boolean {
  if (range.min !== undefined && x < range.min) return false;
  if (range.max !== undefined) {
    return range.maxInclusive ? x <= range.max : x < range.max;
  }
  return true;
}

/** The range that holds a value, with its position in the bands (0: best). */
function rangeOf(
  bands: MetricBands,
  value: number,
  weeklyMean: number | null | undefined,
): { range: BandRange; index: number } | undefined {
  for (let index = 0; index < bands.ranges.length; index++) {
    const range = bands.ranges[index];
    const x =
      range.onWeeklyMean && weeklyMean !== undefined && weeklyMean !== null
        ? weeklyMean
        : value;
    if (inRange(range, x)) return { range, index };
  }
  return undefined;
}

/**
 * The DORA band of a value, or undefined when the metric has no bands, the
 * value is undefined, or the edition publishes no band where it falls.
 * `weeklyMean`, the mean of the window's weekly values, is what a range with
 * `onWeeklyMean` compares; without it the value is.
 * @public
 */
export function bandOf(
  definition: Pick<MetricDefinition, 'bands'>,
  value: number | null,
  weeklyMean?: number | null,
): Band | undefined {
  if (!definition.bands || value === null) return undefined;
  return rangeOf(definition.bands, value, weeklyMean)?.range.band;
}

/**
 * Whether a value is at least as good as a band: its own band (`ownBand`
 * when the caller already has it, e.g. from a scorecard that compared the
 * weekly mean; otherwise the value's) is that band or one listed before it; a
 * value in no band is compared with the band's bound (better than the bound
 * on the good side). The comparison is by value, not by name, so it holds
 * for bands that are not ordered.
 * @public
 */
export function meetsBand(
  definition: Pick<MetricDefinition, 'bands' | 'direction'>,
  value: number,
  band: Band,
  weeklyMean?: number | null,
  ownBand?: Band,
): boolean {
  const bands = definition.bands;
  if (!bands) return false;
  const required = bands.ranges.findIndex(r => r.band === band);
  if (required < 0) return false;
  const given = ownBand ? bands.ranges.findIndex(r => r.band === ownBand) : -1;
  if (given >= 0) return given <= required;
  const own = rangeOf(bands, value, weeklyMean);
  if (own) return own.index <= required;
  const range = bands.ranges[required];
  if (definition.direction === 'higher-is-better') {
    return range.min === undefined || value >= range.min;
  }
  if (range.max === undefined) return true;
  return range.maxInclusive ? value <= range.max : value < range.max;
}

/** The bands an edition publishes for a metric, by name. @public */
export function bandNames(definition: Pick<MetricDefinition, 'bands'>): Band[] {
  return definition.bands?.ranges.map(r => r.band) ?? [];
}
