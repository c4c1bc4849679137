import { ReactNode } from 'react';
import { Link, Tooltip } from '@material-ui/core';
import { configApiRef, useApiHolder } from '@backstage/core-plugin-api';
import type { MetricDefinition } from '@shewhart/plugin-quality-scorecard-common';

/** Where docs/metrics.md lives unless `qualityScorecard.docsBaseUrl` says otherwise. */
export const DEFAULT_DOCS_BASE_URL =
  'https://github.com/shewhart-dev/shewhart/blob/main/';

/** The absolute address of a metric's definition (`docs/metrics.md#id`). */
export function definitionHref(definitionUrl: string, baseUrl?: string) {
  const base = baseUrl || DEFAULT_DOCS_BASE_URL;
  return new URL(definitionUrl, base.endsWith('/') ? base : `${base}/`).href;
}

/** The metric's title, linked to its definition, with the definition as tooltip. */
export function DefinitionLink(props: {
  definition: MetricDefinition;
  children?: ReactNode;
}) {
  const { definition, children } = props;
  const config = useApiHolder().get(configApiRef);
  const href = definitionHref(
    definition.definitionUrl,
    config?.getOptionalString('qualityScorecard.docsBaseUrl'),
  );
  return (
    <Tooltip title={definition.description}>
      <Link
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        onClick={e => e.stopPropagation()}
        data-testid={`definition-${definition.id}`}
      >
        {children ?? definition.title}
      </Link>
    </Tooltip>
  );
}
