import type { StoredPullRequest } from './model';

/**
 * AI-assisted change detection. Pure: no I/O, no clock.
 *
 * A pull request is AI-assisted when the evidence it carries adds up to at
 * least `minConfidence`. Evidence ("signals") comes from:
 * - trailers of its commits (`Co-authored-by:` naming an AI identity,
 *   `Co-authored-by-AI:`, `Assisted-by:`, `Generated-by:`, `Made-with:`,
 *   and declaring keys such as `AI-assisted:`);
 * - its author being an AI agent account (`copilot-swe-agent[bot]`, ...);
 * - its labels (`ai-assisted`, ...);
 * - markers in the PR body or in commit message bodies
 *   ("🤖 Generated with [Claude Code]", "Made with [Cursor]").
 *
 * Each distinct signal has a confidence; the PR's confidence is their
 * noisy-or, 1 - Π(1 - cᵢ), rounded to 4 decimals: independent pieces of
 * evidence reinforce each other, and one strong signal alone is enough.
 * Identical signals (the same trailer in several commits of a squash) count
 * once.
 */

export type AiSignalKind = 'trailer' | 'agent-author' | 'label' | 'body-marker';

export interface AiSignal {
  kind: AiSignalKind;
  /** Human-readable evidence, e.g. `trailer Co-authored-by: Claude <noreply@anthropic.com>`. */
  detail: string;
  /** 0..1: how sure this signal alone makes the detector. */
  confidence: number;
  /** The AI tool the signal names, when known (`Claude`, `Copilot`, ...). */
  tool?: string;
}

export interface AiDetection {
  /** True when there is at least one signal and `confidence >= minConfidence`. */
  aiAssisted: boolean;
  /** Noisy-or of the signals' confidences, 0..1, rounded to 4 decimals; 0 without signals. */
  confidence: number;
  signals: AiSignal[];
}

/**
 * An AI co-author identity of `Co-authored-by:` (and of `Assisted-by:` /
 * `Generated-by:` values written as `Name <address>`).
 *
 * - `email` / `emailPattern` match the address (exact, or a case-insensitive
 *   regular expression that must match the whole address). With `namePattern`
 *   too, both must match.
 * - `namePattern` alone (case-insensitive regular expression on the name)
 *   matches only when the address is missing or a machine address (no-reply,
 *   `[bot]`, `users.noreply.github.com`): a person's address never counts,
 *   so "Claude Opus <someone@anthropic.com>" is not an AI identity.
 */
export interface AiIdentity {
  tool: string;
  email?: string;
  emailPattern?: string;
  namePattern?: string;
  /** Default 0.95 for address matches, 0.7 for name-only matches. */
  confidence?: number;
}

export interface AiDetectionOptions {
  /** AI co-author identities. */
  identities: AiIdentity[];
  /** Logins of AI agent accounts that open PRs themselves (case-insensitive, exact). */
  agentAuthors: string[];
  /** Labels that declare a PR AI-assisted (case-insensitive, exact). */
  labels: string[];
  /**
   * Regular expressions (case-insensitive, `^`/`$` per line) searched in the
   * PR body and in commit message bodies (never the subject line).
   */
  bodyMarkers: string[];
  /**
   * AI tool names recognised as whole words in the free-text values of
   * `Assisted-by:`, `Generated-by:` and `Made-with:` (`Made-with: Cursor`).
   */
  toolNames: string[];
  /**
   * Trailer keys (case-insensitive) whose mere presence declares AI
   * assistance, unless the value is a negation (`no`, `none`, `false`, ...).
   */
  trailerKeys: string[];
  /** Minimum combined confidence for `aiAssisted`. */
  minConfidence: number;
}

/** Confidence of each kind of signal (identities may override theirs). */
export const SIGNAL_CONFIDENCE = {
  identityAddress: 0.95,
  identityName: 0.7,
  coAuthoredByAi: 0.95,
  assistedByAgentModel: 0.9,
  toolNamed: 0.9,
  declaringKey: 0.9,
  agentAuthor: 0.95,
  label: 0.9,
  bodyMarker: 0.85,
} as const;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The commit address of a GitHub App / bot user, with or without its numeric id prefix. */
const githubBotAddress = (login: string) =>
  `^(\\d+\\+)?${escapeRegExp(login)}@users\\.noreply\\.github\\.com$`;

export const DEFAULT_AI_DETECTION: AiDetectionOptions = {
  identities: [
    // GitHub Copilot: the coding agent and "Co-authored-by: Copilot <NNN+Copilot@users.noreply.github.com>",
    // VS Code's git.addAICoAuthor "Copilot <copilot@github.com>".
    { tool: 'Copilot', emailPattern: githubBotAddress('copilot') },
    { tool: 'Copilot', emailPattern: githubBotAddress('copilot-swe-agent[bot]') },
    { tool: 'Copilot', email: 'copilot@github.com' },
    { tool: 'Copilot', namePattern: '^(github[ -])?copilot( coding agent| agent)?$' },
    // Claude Code: "Claude <model> <noreply@anthropic.com>"; the claude[bot] GitHub App.
    { tool: 'Claude', email: 'noreply@anthropic.com' },
    { tool: 'Claude', emailPattern: githubBotAddress('claude[bot]') },
    { tool: 'Claude', namePattern: '^claude (code|opus|sonnet|haiku|fable)\\b' },
    // Cursor agent.
    { tool: 'Cursor', email: 'cursoragent@cursor.com' },
    { tool: 'Cursor', emailPattern: githubBotAddress('cursor[bot]') },
    { tool: 'Cursor', namePattern: '^cursor( agent)?$' },
    // Devin.
    { tool: 'Devin', emailPattern: githubBotAddress('devin-ai-integration[bot]') },
    { tool: 'Devin', namePattern: '^(devin ai|devin-ai-integration(\\[bot\\])?)$' },
    // OpenAI Codex.
    { tool: 'Codex', email: 'noreply@openai.com' },
    { tool: 'Codex', email: 'codex@openai.com' },
    { tool: 'Codex', emailPattern: githubBotAddress('chatgpt-codex-connector[bot]') },
    { tool: 'Codex', namePattern: '^((openai )?codex( cli)?|chatgpt)$' },
    // Google Gemini and Jules.
    { tool: 'Gemini', emailPattern: githubBotAddress('gemini-code-assist[bot]') },
    { tool: 'Gemini', namePattern: '^gemini( cli| code assist)?$' },
    { tool: 'Jules', emailPattern: githubBotAddress('google-labs-jules[bot]') },
    { tool: 'Jules', namePattern: '^(google jules|google-labs-jules(\\[bot\\])?)$' },
    // Amazon Q Developer.
    { tool: 'Amazon Q', emailPattern: githubBotAddress('amazon-q-developer[bot]') },
    { tool: 'Amazon Q', namePattern: '^amazon q( developer)?$' },
    // Aider: "aider (<model>) <noreply@aider.chat>".
    { tool: 'Aider', emailPattern: '^(no-?reply|aider)@aider\\.chat$' },
    { tool: 'Aider', namePattern: '^aider( \\(.*\\))?$' },
    // Windsurf (Codeium).
    { tool: 'Windsurf', emailPattern: '^no-?reply@(codeium|windsurf)\\.com$' },
    { tool: 'Windsurf', namePattern: '^(windsurf|codeium)( cascade)?$' },
  ],
  agentAuthors: [
    'copilot-swe-agent[bot]',
    'copilot',
    'devin-ai-integration[bot]',
    'cursor[bot]',
    'codex[bot]',
    'chatgpt-codex-connector[bot]',
    'claude[bot]',
    'google-labs-jules[bot]',
    'amazon-q-developer[bot]',
  ],
  labels: ['ai-assisted', 'ai-generated'],
  bodyMarkers: [
    // Claude Code's commit and PR attribution line.
    '^\\s*(🤖\\s*)?Generated with \\[Claude Code\\]',
    // Cursor agent's PR attribution.
    '^\\s*Made with \\[Cursor\\]',
  ],
  toolNames: [
    'Copilot',
    'Claude',
    'Cursor',
    'Devin',
    'Codex',
    'OpenAI',
    'ChatGPT',
    'GPT',
    'Gemini',
    'Amazon Q',
    'Aider',
    'Windsurf',
    'Codeium',
    'Jules',
  ],
  trailerKeys: ['AI-assisted', 'AI-generated', 'AI-tool', 'AI-model', 'Claude-Session'],
  minConfidence: 0.5,
};

interface CompiledIdentity {
  tool: string;
  email?: string;
  emailPattern?: RegExp;
  namePattern?: RegExp;
  confidence?: number;
}

interface CompiledOptions {
  identities: CompiledIdentity[];
  agentAuthors: Set<string>;
  labels: Set<string>;
  bodyMarkers: RegExp[];
  toolNames: Array<{ tool: string; pattern: RegExp }>;
  trailerKeys: Map<string, string>;
  minConfidence: number;
}

const compiledCache = new WeakMap<AiDetectionOptions, CompiledOptions>();

function compile(options: AiDetectionOptions): CompiledOptions {
  const cached = compiledCache.get(options);
  if (cached) return cached;
  const compiled: CompiledOptions = {
    identities: options.identities.map(i => ({
      tool: i.tool,
      email: i.email?.toLowerCase(),
      emailPattern: i.emailPattern ? new RegExp(`^(?:${i.emailPattern})$`, 'i') : undefined,
      namePattern: i.namePattern ? new RegExp(i.namePattern, 'i') : undefined,
      confidence: i.confidence,
    })),
    agentAuthors: new Set(options.agentAuthors.map(a => a.toLowerCase())),
    labels: new Set(options.labels.map(l => l.toLowerCase())),
    bodyMarkers: options.bodyMarkers.map(m => new RegExp(m, 'im')),
    toolNames: options.toolNames.map(tool => ({
      tool,
      pattern: new RegExp(`(^|[^a-z0-9])${escapeRegExp(tool).replace(/\s+/g, '\\s+')}($|[^a-z0-9])`, 'i'),
    })),
    trailerKeys: new Map(options.trailerKeys.map(k => [k.toLowerCase(), k])),
    minConfidence: options.minConfidence,
  };
  compiledCache.set(options, compiled);
  return compiled;
}

/** Canonical spelling of the built-in trailer keys, by lower-cased key. */
const BUILT_IN_KEYS: Record<string, string> = {
  'co-authored-by': 'Co-authored-by',
  'co-authored-by-ai': 'Co-authored-by-AI',
  'assisted-by': 'Assisted-by',
  'generated-by': 'Generated-by',
  'made-with': 'Made-with',
};

/** A `Key: value` line at the start of a line; keys are RFC 822-like tokens. */
const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(\S.*?)[ \t]*$/;

/** The Linux kernel's `Assisted-by: AGENT_NAME:MODEL_VERSION [TOOL1] [TOOL2]`. */
const AGENT_MODEL = /^[A-Za-z0-9][\w.+-]*:[\w.+/-]+(\s+\S+)*$/;

const NEGATIVE_VALUE = /^(no|none|false|off|n\/a|na|0|-|human)$/i;

/** Addresses that are no person's: no-reply addresses, bots, GitHub no-reply users. */
const MACHINE_ADDRESS = /(^|[^a-z])no-?reply([^a-z]|$)|\[bot\]|@users\.noreply\.github\.com$/i;

/** Splits `Name <address>` (tolerating a missing closing bracket). */
function parsePerson(value: string): { name: string; email: string; hasAddress: boolean } {
  const m = /^(.*?)\s*<([^>]*)>?\s*$/.exec(value);
  if (!m) return { name: value.trim(), email: '', hasAddress: false };
  return { name: m[1].trim(), email: m[2].trim().toLowerCase(), hasAddress: true };
}

function matchIdentity(
  value: string,
  identities: CompiledIdentity[],
): { tool: string; confidence: number } | undefined {
  const { name, email } = parsePerson(value);
  const machine = email === '' || MACHINE_ADDRESS.test(email);
  let nameOnly: { tool: string; confidence: number } | undefined;
  for (const identity of identities) {
    const hasAddressRule = identity.email !== undefined || identity.emailPattern !== undefined;
    if (hasAddressRule) {
      const addressMatches =
        email !== '' &&
        (identity.email === email || (identity.emailPattern?.test(email) ?? false));
      const nameMatches = identity.namePattern ? identity.namePattern.test(name) : true;
      if (addressMatches && nameMatches) {
        return { tool: identity.tool, confidence: identity.confidence ?? SIGNAL_CONFIDENCE.identityAddress };
      }
    } else if (!nameOnly && machine && identity.namePattern?.test(name)) {
      nameOnly = { tool: identity.tool, confidence: identity.confidence ?? SIGNAL_CONFIDENCE.identityName };
    }
  }
  return nameOnly;
}

function namedTool(value: string, toolNames: CompiledOptions['toolNames']): string | undefined {
  return toolNames.find(t => t.pattern.test(value))?.tool;
}

/**
 * The AI evidence of one `Key: value` trailer, or undefined when it is none
 * (a human co-author, `Generated-by: protoc`, `AI-assisted: no`, ...).
 */
function trailerSignal(key: string, value: string, options: CompiledOptions): AiSignal | undefined {
  const lower = key.toLowerCase();
  const canonical = BUILT_IN_KEYS[lower] ?? options.trailerKeys.get(lower);
  if (canonical === undefined) return undefined;
  const detail = `trailer ${canonical}: ${value}`;
  const hasAddress = parsePerson(value).hasAddress;

  if (lower === 'co-authored-by') {
    const identity = matchIdentity(value, options.identities);
    return identity && { kind: 'trailer', detail, confidence: identity.confidence, tool: identity.tool };
  }
  if (NEGATIVE_VALUE.test(value)) return undefined;
  if (lower === 'co-authored-by-ai') {
    const tool = hasAddress
      ? matchIdentity(value, options.identities)?.tool
      : namedTool(value, options.toolNames);
    return { kind: 'trailer', detail, confidence: SIGNAL_CONFIDENCE.coAuthoredByAi, tool };
  }
  if (lower === 'assisted-by' || lower === 'generated-by' || lower === 'made-with') {
    if (hasAddress) {
      // A person ("Assisted-by: Cursor Smith <cursor.smith@acme.com>") counts
      // only through an AI identity's address.
      const identity = matchIdentity(value, options.identities);
      return identity && { kind: 'trailer', detail, confidence: identity.confidence, tool: identity.tool };
    }
    const tool = namedTool(value, options.toolNames);
    if (tool) return { kind: 'trailer', detail, confidence: SIGNAL_CONFIDENCE.toolNamed, tool };
    if (lower === 'assisted-by' && AGENT_MODEL.test(value)) {
      return { kind: 'trailer', detail, confidence: SIGNAL_CONFIDENCE.assistedByAgentModel };
    }
    return undefined;
  }
  // A configured declaring key such as `AI-assisted: true`.
  return { kind: 'trailer', detail, confidence: SIGNAL_CONFIDENCE.declaringKey, tool: namedTool(value, options.toolNames) };
}

/** The message without its subject (first non-empty) line. */
function messageBody(message: string): string[] {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const subject = lines.findIndex(l => l.trim() !== '');
  return subject < 0 ? [] : lines.slice(subject + 1);
}

function markerSignals(text: string, where: string, options: CompiledOptions): AiSignal[] {
  const found: AiSignal[] = [];
  for (const marker of options.bodyMarkers) {
    const m = marker.exec(text);
    if (!m) continue;
    // Report the whole line the marker was found on.
    const start = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index + m[0].length);
    const line = text.slice(start, end < 0 ? undefined : end).trim();
    found.push({ kind: 'body-marker', detail: `${where}: ${line}`, confidence: SIGNAL_CONFIDENCE.bodyMarker });
  }
  return found;
}

/** Noisy-or of independent confidences, rounded to 4 decimals. */
export function combineConfidences(confidences: number[]): number {
  const miss = confidences.reduce((p, c) => p * (1 - Math.min(1, Math.max(0, c))), 1);
  return confidences.length === 0 ? 0 : Math.round((1 - miss) * 10000) / 10000;
}

/** Whether a PR was AI-assisted, how sure the detector is, and why. */
export function detectAiAssistance(
  pr: Pick<StoredPullRequest, 'author' | 'labels' | 'commits'> & { body?: string | null },
  options: AiDetectionOptions = DEFAULT_AI_DETECTION,
): AiDetection {
  const compiled = compile(options);
  const signals: AiSignal[] = [];
  const seen = new Set<string>();
  const add = (signal: AiSignal | undefined) => {
    if (!signal) return;
    const key = `${signal.kind}\u0000${signal.detail.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    signals.push(signal);
  };

  if (compiled.agentAuthors.has(pr.author.toLowerCase())) {
    add({
      kind: 'agent-author',
      detail: `author ${pr.author} is an AI agent account`,
      confidence: SIGNAL_CONFIDENCE.agentAuthor,
    });
  }
  for (const label of pr.labels) {
    if (compiled.labels.has(label.toLowerCase())) {
      add({ kind: 'label', detail: `label ${label}`, confidence: SIGNAL_CONFIDENCE.label });
    }
  }
  for (const commit of pr.commits) {
    const body = messageBody(commit.message);
    for (const line of body) {
      const m = TRAILER_LINE.exec(line);
      if (m) add(trailerSignal(m[1], m[2], compiled));
    }
    for (const s of markerSignals(body.join('\n'), 'commit message', compiled)) add(s);
  }
  if (pr.body) {
    for (const s of markerSignals(pr.body.replace(/\r\n?/g, '\n'), 'PR body', compiled)) add(s);
  }

  const confidence = combineConfidences(signals.map(s => s.confidence));
  return {
    aiAssisted: signals.length > 0 && confidence >= compiled.minConfidence,
    confidence,
    signals,
  };
}
