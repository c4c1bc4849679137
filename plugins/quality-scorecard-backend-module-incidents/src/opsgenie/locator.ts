import type { QualityEntityLocator } from '@shewhart/plugin-quality-scorecard-node';

export const OPSGENIE_TEAM_ANNOTATION = 'opsgenie.com/team';
export const OPSGENIE_SELECTOR_ANNOTATION = 'opsgenie.com/component-selector';

const SIMPLE_TAG = /^tag\s*:\s*(?:"([^"]+)"|([^\s"()]+))$/i;

/**
 * The tags an `opsgenie.com/component-selector` query selects, when it is
 * made of tag clauses joined by OR (`tag:payments`, `tag:"service:payments"
 * OR tag:billing`). A query with AND, NOT, parentheses or other fields
 * selects by more than tags: no keys (a clause that is not a tag clause in
 * an OR query is left out, the tag clauses still select).
 */
export function selectorTags(query: string): string[] {
  const text = query.trim();
  if (!text || /\b(AND|NOT)\b|[()]/i.test(text)) {
    return [];
  }
  const tags: string[] = [];
  for (const clause of text.split(/\s+OR\s+/i)) {
    const match = SIMPLE_TAG.exec(clause.trim());
    const tag = (match?.[1] ?? match?.[2])?.trim();
    if (tag) tags.push(tag);
  }
  return tags;
}

/**
 * Entities answer to `opsgenie:tag:<tag>` for each tag their
 * `opsgenie.com/component-selector` selects (more specific) and to
 * `opsgenie:team:<name>` for `opsgenie.com/team`: the annotations of the
 * Opsgenie Backstage plugin.
 */
export const opsgenieLocator: QualityEntityLocator = {
  id: 'opsgenie',
  annotations: [OPSGENIE_SELECTOR_ANNOTATION, OPSGENIE_TEAM_ANNOTATION],
  keysOf(entity) {
    const annotations = entity.metadata.annotations ?? {};
    const selector = annotations[OPSGENIE_SELECTOR_ANNOTATION];
    const team = annotations[OPSGENIE_TEAM_ANNOTATION]?.trim();
    return [
      ...(selector ? selectorTags(selector).map(t => `opsgenie:tag:${t}`) : []),
      ...(team ? [`opsgenie:team:${team}`] : []),
    ];
  },
};
