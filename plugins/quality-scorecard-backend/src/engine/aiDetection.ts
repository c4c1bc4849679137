import type { StoredPullRequest } from '../database/types';

export interface AiDetectionOptions {
  /** Lower-cased name or e-mail fragments of AI co-authors. */
  aiIdentities: string[];
  /** Logins of AI agent accounts that open PRs themselves. */
  agentAuthors: string[];
  labels: string[];
}

export const DEFAULT_AI_DETECTION: AiDetectionOptions = {
  aiIdentities: [
    'copilot@users.noreply.github.com',
    '+copilot@users.noreply.github.com',
    'noreply@anthropic.com',
    'cursoragent@cursor.com',
    'devin-ai-integration[bot]',
    'noreply@openai.com',
    'codex@openai.com',
    'gemini-code-assist',
    'amazon-q-developer',
    'aider@aider.chat',
  ],
  agentAuthors: [
    'copilot-swe-agent[bot]',
    'copilot',
    'devin-ai-integration[bot]',
    'cursor[bot]',
    'codex[bot]',
    'claude[bot]',
  ],
  labels: ['ai-assisted', 'ai-generated'],
};

export interface AiDetection {
  aiAssisted: boolean;
  signals: string[];
}

const TRAILER = /^(co-authored-by|assisted-by|generated-by|co-authored-by-ai|made-with):\s*(.+)$/gim;

/** Whether a PR was AI-assisted, from trailers, agent authors and labels. */
export function detectAiAssistance(
  pr: Pick<StoredPullRequest, 'author' | 'labels' | 'commits'>,
  options: AiDetectionOptions = DEFAULT_AI_DETECTION,
): AiDetection {
  const signals: string[] = [];
  if (options.agentAuthors.includes(pr.author.toLowerCase())) {
    signals.push(`author ${pr.author} is an AI agent`);
  }
  for (const label of pr.labels) {
    if (options.labels.includes(label.toLowerCase())) signals.push(`label ${label}`);
  }
  for (const commit of pr.commits) {
    for (const m of commit.message.matchAll(TRAILER)) {
      const key = m[1].toLowerCase();
      const value = m[2].trim().toLowerCase();
      if (key === 'co-authored-by') {
        // Only an identity's address counts: a human named "Cursor Smith" does not.
        const address = /<([^>]+)>/.exec(value)?.[1] ?? '';
        if (options.aiIdentities.some(id => address.endsWith(id) || address === id)) {
          signals.push(`trailer Co-authored-by: ${m[2].trim()}`);
        }
      } else if (key === 'made-with') {
        if (value === 'cursor') signals.push('trailer Made-with: Cursor');
      } else {
        signals.push(`trailer ${m[1]}: ${m[2].trim()}`);
      }
    }
  }
  return { aiAssisted: signals.length > 0, signals: [...new Set(signals)] };
}
