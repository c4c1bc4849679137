import type { Config } from '@backstage/config';
import { z } from 'zod';
import { AiDetectionOptions, DEFAULT_AI_DETECTION } from '../engine/aiDetection';

const KEY = 'qualityScorecard.aiDetection';

function isRegExp(source: string): boolean {
  try {
    // eslint-disable-next-line no-new
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

const regExp = z.string().min(1).refine(isRegExp, 'is not a valid regular expression');
const confidence = z.number().gt(0).max(1);

const address = z.string().regex(/^[^\s<>@]+@[^\s<>@]+$/, 'must be an e-mail address');

/** An identity is an object, or a plain address as shorthand for `{ tool: <address>, email: <address> }`. */
const identitySchema = z.preprocess(
  value => (typeof value === 'string' ? { tool: value, email: value } : value),
  z
    .object({
      tool: z.string().min(1),
      email: address.optional(),
      emailPattern: regExp.optional(),
      namePattern: regExp.optional(),
      confidence: confidence.optional(),
    })
    .strict()
    .refine(
      i => i.email !== undefined || i.emailPattern !== undefined || i.namePattern !== undefined,
      'needs email, emailPattern or namePattern',
    ),
);

const names = z.array(z.string().min(1));

const schema = z
  .object({
    extendDefaults: z.boolean().default(true),
    identities: z.array(identitySchema).optional(),
    agentAuthors: names.optional(),
    labels: names.optional(),
    bodyMarkers: z.array(regExp).optional(),
    toolNames: names.optional(),
    trailerKeys: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be a trailer key such as AI-assisted')).optional(),
    minConfidence: z.number().min(0).max(1).optional(),
  })
  .strict();

function keyOf(parts: Array<string | number>): string {
  return parts.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`), KEY);
}

/**
 * Reads `qualityScorecard.aiDetection`. Without the key, DEFAULT_AI_DETECTION.
 * Lists are added to the defaults unless `extendDefaults: false`, which
 * replaces each list that is given. A bad value throws an Error naming its
 * key, which stops the backend at startup.
 */
export function readAiDetectionConfig(config: Config | undefined): AiDetectionOptions {
  const raw = config?.getOptional(KEY);
  if (raw === undefined || raw === null) return DEFAULT_AI_DETECTION;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${keyOf(issue.path)}: ${issue.message}`);
  }
  const c = parsed.data;
  const merge = <T>(defaults: T[], given: T[] | undefined): T[] => {
    if (given === undefined) return defaults;
    return c.extendDefaults ? [...defaults, ...given] : given;
  };
  return {
    identities: merge(DEFAULT_AI_DETECTION.identities, c.identities),
    agentAuthors: merge(DEFAULT_AI_DETECTION.agentAuthors, c.agentAuthors),
    labels: merge(DEFAULT_AI_DETECTION.labels, c.labels),
    bodyMarkers: merge(DEFAULT_AI_DETECTION.bodyMarkers, c.bodyMarkers),
    toolNames: merge(DEFAULT_AI_DETECTION.toolNames, c.toolNames),
    trailerKeys: merge(DEFAULT_AI_DETECTION.trailerKeys, c.trailerKeys),
    minConfidence: c.minConfidence ?? DEFAULT_AI_DETECTION.minConfidence,
  };
}
