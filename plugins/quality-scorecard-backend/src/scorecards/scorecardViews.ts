import { gunzipSync, gzipSync } from 'zlib';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  MetricChartResponse,
  MetricId,
  ScorecardResponse,
  ScorecardView,
  metricChartOf,
  summarizeScorecard,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * The JSON text of each served scorecard, kept as long as the scorecard
 * object itself (which the cache holds while its snapshots are unchanged):
 * a repeated read sends the same text instead of serializing it again.
 */
const serialized = new WeakMap<object, string>();

export function jsonOf(value: object): string {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return text;
}

/**
 * A response body rendered once and kept gzip-compressed (a summary is
 * about 3 kB so), sent as it is to a client that accepts gzip: a repeated
 * read does no JSON or compression work.
 */
export class RenderedBody {
  private constructor(readonly gzip: Buffer) {}

  static of(value: object): RenderedBody {
    return new RenderedBody(gzipSync(JSON.stringify(value)));
  }

  /** The JSON text, for a client that does not accept gzip. */
  get json(): string {
    return gunzipSync(this.gzip).toString('utf8');
  }
}

const summaries = new WeakMap<ScorecardResponse, RenderedBody>();

/**
 * The summary view (`?view=summary`) of a full scorecard, rendered once per
 * scorecard object (kept as long as the object is).
 */
export function summaryOf(full: ScorecardResponse): RenderedBody {
  let body = summaries.get(full);
  if (!body) {
    body = RenderedBody.of(summarizeScorecard(full));
    summaries.set(full, body);
  }
  return body;
}

/** One metric's chart (`…/metrics/{metricId}/chart`) as the full scorecard holds it. */
export function chartOf(
  full: ScorecardResponse,
  metricId: MetricId,
): MetricChartResponse {
  const chart = metricChartOf(full, metricId);
  if (!chart) {
    throw new NotFoundError(
      `No metric ${metricId} in the scorecard of ${full.entityRef}`,
    );
  }
  return chart;
}

/** Reads `view`: `full` (the default) or `summary`. */
export function parseView(query: Record<string, unknown>): ScorecardView {
  const raw = query.view;
  if (raw === undefined || raw === 'full') return 'full';
  if (raw === 'summary') return 'summary';
  throw new InputError("view: must be 'summary' or 'full'");
}
