import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * A catalog entity as a locator reads it: its ref parts and annotations.
 * @public
 */
export interface QualityLocatorEntity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
}

/**
 * How a source's events find their entity when they carry no `entityRef`:
 * the keys an entity answers to, derived from annotations the source's
 * Backstage plugins already use (`jira/project-key`,
 * `opsgenie.com/team`, …). An event carries the keys it answers to in
 * `locators` (most specific first); the first key an entity answers to wins.
 * Keys compare case-insensitively. Events that match no key are kept and
 * attributed when an entity starts to answer to one of their keys.
 * @public
 */
export interface QualityEntityLocator {
  /** Lower-case letters, digits and dashes; every key starts with `<id>:`. */
  id: string;
  /** Entities with any of these annotations are read from the catalog. */
  annotations: string[];
  /** The keys an entity answers to, e.g. `jira:PROJ/component:payments`. */
  keysOf(entity: QualityLocatorEntity): string[];
}

/** @public */
export interface QualityScorecardLocatorsExtensionPoint {
  addLocator(locator: QualityEntityLocator): void;
}

/**
 * Lets backend modules match their events to catalog entities by annotations
 * of their own.
 * @public
 */
export const qualityScorecardLocatorsExtensionPoint =
  createExtensionPoint<QualityScorecardLocatorsExtensionPoint>({
    id: 'quality-scorecard.locators',
  });
