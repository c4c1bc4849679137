import { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { z } from 'zod';
import { catalogFilterSchema } from './catalogFilter';
import type { AiPolicyRule } from '@shewhart/plugin-quality-scorecard-node';
import { CompiledPolicy, defaultPolicies } from '../engine/policy';

const policySchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*$/,
        'must be lower-case letters, digits and dashes',
      ),
    title: z.string().min(1).optional(),
    appliesTo: z.enum(['ai-assisted', 'all']).default('ai-assisted'),
    minConfidence: z.number().min(0).max(1).default(0),
    filter: catalogFilterSchema,
    rules: z
      .array(
        z
          .object({
            id: z.string().min(1),
            options: z.record(z.unknown()).default({}),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const policiesSchema = z.array(policySchema);

function path(parts: Array<string | number>) {
  return parts.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`),
    'qualityScorecard.aiPolicies',
  );
}

/** One policy of `qualityScorecard.aiPolicies`, checked but not yet bound to its rules: plain data. */
export type AiPolicyDefinition = z.infer<typeof policySchema>;

/**
 * Checks `qualityScorecard.aiPolicies`; undefined without the key (the
 * default policy applies). A bad definition throws an Error naming its key,
 * which stops startup.
 */
export function parseAiPolicies(
  root: Config,
): AiPolicyDefinition[] | undefined {
  const raw = root.getOptional('qualityScorecard.aiPolicies');
  if (raw === undefined) return undefined;
  const parsed = policiesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path(issue.path)}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Binds checked policy definitions to their rules (built-in or from
 * modules). Without definitions, the default policy (an independent human
 * approval and no self-merge for AI-assisted PRs).
 */
export function compileAiPolicies(
  definitions: AiPolicyDefinition[] | undefined,
  rules: AiPolicyRule<any>[],
): CompiledPolicy[] {
  if (definitions === undefined) return defaultPolicies();
  const byId = new Map(rules.map(r => [r.id, r]));
  const seen = new Set<string>();
  return definitions.map((policy, i) => {
    if (seen.has(policy.id))
      throw new Error(`${path([i, 'id'])}: duplicate policy id '${policy.id}'`);
    seen.add(policy.id);
    return {
      id: policy.id,
      title: policy.title ?? policy.id,
      appliesTo: policy.appliesTo,
      minConfidence: policy.minConfidence,
      filter: policy.filter,
      rules: policy.rules.map((r, j) => {
        const rule = byId.get(r.id);
        if (!rule) {
          throw new Error(
            `${path([i, 'rules', j, 'id'])}: unknown rule '${r.id}' (known: ${[
              ...byId.keys(),
            ].join(', ')})`,
          );
        }
        try {
          return { rule, options: rule.parseOptions(r.options as JsonObject) };
        } catch (e) {
          throw new Error(
            `${path([i, 'rules', j, 'options'])}: ${(e as Error).message}`,
          );
        }
      }),
    };
  });
}

/** Reads `qualityScorecard.aiPolicies` and binds them to `rules`. */
export function readAiPolicies(
  root: Config,
  rules: AiPolicyRule<any>[],
): CompiledPolicy[] {
  return compileAiPolicies(parseAiPolicies(root), rules);
}
