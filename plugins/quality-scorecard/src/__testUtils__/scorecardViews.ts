import { http, HttpResponse } from 'msw';
import {
  MetricId,
  ScorecardResponse,
  metricChartOf,
  summarizeScorecard,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * msw handlers that answer a scorecard read as the backend does: the full
 * scorecard, its summary for `?view=summary`, and each metric's chart at
 * `…/metrics/{metricId}/chart` (the views come from -common's functions,
 * which the backend serves too). `requests` records every URL asked for.
 */
export function scorecardViewHandlers(
  url: string,
  scorecard: (request: Request) => ScorecardResponse,
  requests: URL[] = [],
) {
  return [
    http.get(url, ({ request }) => {
      const asked = new URL(request.url);
      requests.push(asked);
      const full = scorecard(request);
      return HttpResponse.json(
        asked.searchParams.get('view') === 'summary'
          ? summarizeScorecard(full)
          : full,
      );
    }),
    http.get(`${url}/metrics/:metricId/chart`, ({ request, params }) => {
      requests.push(new URL(request.url));
      const chart = metricChartOf(
        scorecard(request),
        params.metricId as MetricId,
      );
      return chart
        ? HttpResponse.json(chart)
        : HttpResponse.json(
            { error: { name: 'NotFoundError', message: 'No such metric' } },
            { status: 404 },
          );
    }),
  ];
}

/** What a recorded request asked for: the scorecard's view, or a metric's chart. */
export function describeRequest(url: URL): string {
  const chart = url.pathname.match(/\/metrics\/([^/]+)\/chart$/);
  if (chart) return `chart ${chart[1]}`;
  return `scorecard ${url.searchParams.get('view') ?? 'full'}`;
}
