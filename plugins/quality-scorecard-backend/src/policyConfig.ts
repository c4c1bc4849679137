import { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { z } from 'zod';
import type { AiPolicyRule } from '@shewhart/plugin-quality-scorecard-node';
import { CompiledPolicy, defaultPolicies } from './engine/policy';

const list = z.array(z.string().min(1)).min(1);

const policySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    title: z.string().min(1).optional(),
    appliesTo: z.enum(['ai-assisted', 'all']).default('ai-assisted'),
    minConfidence: z.number().min(0).max(1).default(0),
    filter: z
      .object({
        kind: list.optional(),
        type: list.optional(),
        lifecycle: list.optional(),
        system: list.optional(),
        owner: list.optional(),
        tags: list.optional(),
        entityRefs: list.optional(),
      })
      .strict()
      .default({}),
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

/**
 * Reads `qualityScorecard.aiPolicies`. Without the key, the default policy
 * applies (an independent human approval and no self-merge for AI-assisted
 * PRs). A bad definition throws an Error naming its key, which stops startup.
 */
export function readAiPolicies(root: Config, rules: AiPolicyRule<any>[]): CompiledPolicy[] {
  const raw = root.getOptional('qualityScorecard.aiPolicies');
  if (raw === undefined) return defaultPolicies();
  const parsed = policiesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path(issue.path)}: ${issue.message}`);
  }
  const byId = new Map(rules.map(r => [r.id, r]));
  const seen = new Set<string>();
  return parsed.data.map((policy, i) => {
    if (seen.has(policy.id)) throw new Error(`${path([i, 'id'])}: duplicate policy id '${policy.id}'`);
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
            `${path([i, 'rules', j, 'id'])}: unknown rule '${r.id}' (known: ${[...byId.keys()].join(', ')})`,
          );
        }
        try {
          return { rule, options: rule.parseOptions(r.options as JsonObject) };
        } catch (e) {
          throw new Error(`${path([i, 'rules', j, 'options'])}: ${(e as Error).message}`);
        }
      }),
    };
  });
}
