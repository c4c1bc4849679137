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
}

export function readQualityConfig(
  root: Config,
  options: { policyRules: AiPolicyRule<any>[] },
): QualityConfig {
  const aiPolicyDefinitions = parseAiPolicies(root);
  return {
    plugin: readPluginConfig(root),
    aiPolicyDefinitions,
    aiPolicies: compileAiPolicies(aiPolicyDefinitions, options.policyRules),
    aiDetection: readAiDetectionConfig(root),
    checks: readChecksConfig(root),
    notifications: readNotificationsConfig(root),
  };
}
