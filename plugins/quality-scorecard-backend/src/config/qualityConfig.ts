import { Config } from '@backstage/config';
import type { AiPolicyRule } from '@shewhart/plugin-quality-scorecard-node';
import type { AiDetectionOptions } from '../engine/aiDetection';
import type { ChecksConfig } from '../engine/checks';
import type { CompiledPolicy } from '../engine/policy';
import { readAiDetectionConfig } from './aiDetection';
import {
  AiPolicyDefinition,
  compileAiPolicies,
  parseAiPolicies,
} from './aiPolicies';
import { readChecksConfig } from './checks';
import { NotificationsConfig, readNotificationsConfig } from './notifications';
import { PluginConfig, readPluginConfig } from './pluginConfig';
import { RetentionConfig, readRetentionConfig } from './retention';

/**
 * Everything under `qualityScorecard`, read and checked once at startup
 * (config.d.ts documents each key). A bad value throws an Error naming its
 * key, which stops the backend.
 */
export interface QualityConfig {
  plugin: PluginConfig;
  /** The AI-code review policies as configured: plain data, handed to the recompute workers. */
  aiPolicyDefinitions?: AiPolicyDefinition[];
  /** The same policies bound to their rules (built-in and from modules). */
  aiPolicies: CompiledPolicy[];
  aiDetection: AiDetectionOptions;
  checks: ChecksConfig;
  notifications: NotificationsConfig;
  /** How long each kind of data is kept (docs/retention.md). */
  retention: RetentionConfig;
}

export function readQualityConfig(
  root: Config,
  options: { policyRules: AiPolicyRule<any>[] },
): QualityConfig {
  const aiPolicyDefinitions = parseAiPolicies(root);
  const notifications = readNotificationsConfig(root);
  const retention = readRetentionConfig(root);
  // A deleted episode that a recompute finds again is new to the notifier:
  // it must be older than any episode that may still notify.
  if (
    retention.periodsMs.notificationEpisodes <=
    (notifications.lookbackWeeks + 1) * 7 * 86_400_000
  ) {
    throw new Error(
      `qualityScorecard.retention.notificationEpisodes must be longer than qualityScorecard.notifications.lookbackWeeks (${notifications.lookbackWeeks}) plus the current week`,
    );
  }
  return {
    plugin: readPluginConfig(root),
    aiPolicyDefinitions,
    aiPolicies: compileAiPolicies(aiPolicyDefinitions, options.policyRules),
    aiDetection: readAiDetectionConfig(root),
    checks: readChecksConfig(root),
    notifications,
    retention,
  };
}
