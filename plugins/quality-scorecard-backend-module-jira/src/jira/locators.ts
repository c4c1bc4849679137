import type { QualityEntityLocator } from '@shewhart/plugin-quality-scorecard-node';

export const PROJECT_KEY_ANNOTATION = 'jira/project-key';
export const COMPONENT_ANNOTATION = 'jira/component';
export const LABEL_ANNOTATION = 'jira/label';

/** Values of an annotation that may list several, comma-separated. */
const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

/**
 * The keys an entity answers to. Like the Backstage Jira plugins' JQL
 * (`project = P AND component = C AND labels = L`), a component and a label
 * narrow together: such an entity answers to `jira:P/component:C/label:L`
 * only.
 */
export function entityKeys(annotations: Record<string, string>): string[] {
  const project = annotations[PROJECT_KEY_ANNOTATION]?.trim();
  if (!project) return [];
  const components = listOf(annotations[COMPONENT_ANNOTATION]);
  const labels = listOf(annotations[LABEL_ANNOTATION]);
  if (components.length && labels.length) {
    return components.flatMap(c =>
      labels.map(l => `jira:${project}/component:${c}/label:${l}`),
    );
  }
  if (components.length)
    return components.map(c => `jira:${project}/component:${c}`);
  if (labels.length) return labels.map(l => `jira:${project}/label:${l}`);
  return [`jira:${project}`];
}

/**
 * The keys an issue answers to, most specific first: component-and-label
 * pairs, components, labels, then its project.
 */
export function issueKeys(
  project: string,
  components: string[],
  labels: string[],
): string[] {
  return [
    ...components.flatMap(c =>
      labels.map(l => `jira:${project}/component:${c}/label:${l}`),
    ),
    ...components.map(c => `jira:${project}/component:${c}`),
    ...labels.map(l => `jira:${project}/label:${l}`),
    `jira:${project}`,
  ];
}

/** The `jira` locator of the plugin's extension point. */
export const jiraLocator: QualityEntityLocator = {
  id: 'jira',
  annotations: [PROJECT_KEY_ANNOTATION],
  keysOf: entity => entityKeys(entity.metadata.annotations ?? {}),
};
