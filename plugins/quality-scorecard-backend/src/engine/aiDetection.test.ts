import {
  AiDetectionOptions,
  AiSignal,
  combineConfidences,
  DEFAULT_AI_DETECTION,
  detectAiAssistance,
} from './aiDetection';

interface Pr {
  author: string;
  labels: string[];
  body: string | null;
  commits: Array<{ sha: string; authoredAt: number; message: string }>;
}

const pr = (p: { author?: string; labels?: string[]; body?: string | null; messages?: string[] }): Pr => ({
  author: p.author ?? 'alice',
  labels: p.labels ?? [],
  body: p.body ?? null,
  commits: (p.messages ?? []).map((message, i) => ({ sha: `c${i}`, authoredAt: i, message })),
});

const commit = (...trailers: string[]) => pr({ messages: [`Fix the parser\n\nLonger explanation.\n\n${trailers.join('\n')}`] });

type Expected = Array<Pick<AiSignal, 'kind' | 'detail' | 'confidence'> & { tool?: string }>;

describe('detectAiAssistance: each signal', () => {
  const cases: Array<[string, Pr, Expected]> = [
    [
      'Claude Code trailer',
      commit('Co-Authored-By: Claude <noreply@anthropic.com>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Claude <noreply@anthropic.com>', confidence: 0.95, tool: 'Claude' }],
    ],
    [
      'Claude with model name and context suffix',
      commit('Co-authored-by: Claude Opus 4.6 (1M context) <noreply@anthropic.com>'),
      [
        {
          kind: 'trailer',
          detail: 'trailer Co-authored-by: Claude Opus 4.6 (1M context) <noreply@anthropic.com>',
          confidence: 0.95,
          tool: 'Claude',
        },
      ],
    ],
    [
      'claude[bot] GitHub App',
      commit('Co-authored-by: claude[bot] <209825114+claude[bot]@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail: 'trailer Co-authored-by: claude[bot] <209825114+claude[bot]@users.noreply.github.com>',
          confidence: 0.95,
          tool: 'Claude',
        },
      ],
    ],
    [
      'Copilot numeric noreply address',
      commit('Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail: 'trailer Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>',
          confidence: 0.95,
          tool: 'Copilot',
        },
      ],
    ],
    [
      "VS Code's Copilot co-author",
      commit('Co-authored-by: Copilot <copilot@github.com>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Copilot <copilot@github.com>', confidence: 0.95, tool: 'Copilot' }],
    ],
    [
      'Cursor agent address',
      commit('Co-authored-by: Cursor Agent <cursoragent@cursor.com>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Cursor Agent <cursoragent@cursor.com>', confidence: 0.95, tool: 'Cursor' }],
    ],
    [
      'Devin bot address',
      commit('Co-authored-by: devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail:
            'trailer Co-authored-by: devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>',
          confidence: 0.95,
          tool: 'Devin',
        },
      ],
    ],
    [
      'Codex',
      commit('Co-authored-by: Codex <noreply@openai.com>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Codex <noreply@openai.com>', confidence: 0.95, tool: 'Codex' }],
    ],
    [
      'Gemini by name on a no-reply address (name-only identity)',
      commit('Co-authored-by: Gemini <noreply@google.com>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Gemini <noreply@google.com>', confidence: 0.7, tool: 'Gemini' }],
    ],
    [
      'Gemini Code Assist bot',
      commit('Co-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail:
            'trailer Co-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>',
          confidence: 0.95,
          tool: 'Gemini',
        },
      ],
    ],
    [
      'Amazon Q bot',
      commit('Co-authored-by: amazon-q-developer[bot] <208079219+amazon-q-developer[bot]@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail:
            'trailer Co-authored-by: amazon-q-developer[bot] <208079219+amazon-q-developer[bot]@users.noreply.github.com>',
          confidence: 0.95,
          tool: 'Amazon Q',
        },
      ],
    ],
    [
      'Aider with model',
      commit('Co-authored-by: aider (gpt-4o) <noreply@aider.chat>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: aider (gpt-4o) <noreply@aider.chat>', confidence: 0.95, tool: 'Aider' }],
    ],
    [
      'Windsurf',
      commit('Co-authored-by: Windsurf <noreply@codeium.com>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Windsurf <noreply@codeium.com>', confidence: 0.95, tool: 'Windsurf' }],
    ],
    [
      'Jules bot',
      commit('Co-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail:
            'trailer Co-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>',
          confidence: 0.95,
          tool: 'Jules',
        },
      ],
    ],
    [
      'kernel Assisted-by AGENT:MODEL [TOOL] form',
      commit('Assisted-by: Claude:claude-3-opus coccinelle sparse', 'Signed-off-by: Jane Doe <jane@example.org>'),
      [{ kind: 'trailer', detail: 'trailer Assisted-by: Claude:claude-3-opus coccinelle sparse', confidence: 0.9, tool: 'Claude' }],
    ],
    [
      'kernel Assisted-by with an agent not in the tool list',
      commit('Assisted-by: FooAgent:foo-model-2'),
      [{ kind: 'trailer', detail: 'trailer Assisted-by: FooAgent:foo-model-2', confidence: 0.9 }],
    ],
    [
      'Generated-by naming a tool',
      commit('Generated-by: GitHub Copilot'),
      [{ kind: 'trailer', detail: 'trailer Generated-by: GitHub Copilot', confidence: 0.9, tool: 'Copilot' }],
    ],
    [
      'Co-authored-by-AI with any value',
      commit('Co-authored-by-AI: SomeInternalModel v3'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by-AI: SomeInternalModel v3', confidence: 0.95 }],
    ],
    [
      'Made-with: Cursor, key in lower case',
      commit('made-with: Cursor'),
      [{ kind: 'trailer', detail: 'trailer Made-with: Cursor', confidence: 0.9, tool: 'Cursor' }],
    ],
    [
      'declaring key AI-assisted',
      commit('AI-assisted: true'),
      [{ kind: 'trailer', detail: 'trailer AI-assisted: true', confidence: 0.9 }],
    ],
    [
      'agent author',
      pr({ author: 'copilot-swe-agent[bot]' }),
      [{ kind: 'agent-author', detail: 'author copilot-swe-agent[bot] is an AI agent account', confidence: 0.95 }],
    ],
    [
      'agent author, case-insensitive',
      pr({ author: 'Devin-AI-Integration[bot]' }),
      [{ kind: 'agent-author', detail: 'author Devin-AI-Integration[bot] is an AI agent account', confidence: 0.95 }],
    ],
    ['label', pr({ labels: ['bug', 'AI-Assisted'] }), [{ kind: 'label', detail: 'label AI-Assisted', confidence: 0.9 }]],
    [
      'PR body marker',
      pr({ body: '## Summary\n- fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)' }),
      [
        {
          kind: 'body-marker',
          detail: 'PR body: 🤖 Generated with [Claude Code](https://claude.com/claude-code)',
          confidence: 0.85,
        },
      ],
    ],
    [
      'commit message marker',
      pr({ messages: ['Fix it\n\n🤖 Generated with [Claude Code](https://claude.ai/code)'] }),
      [
        {
          kind: 'body-marker',
          detail: 'commit message: 🤖 Generated with [Claude Code](https://claude.ai/code)',
          confidence: 0.85,
        },
      ],
    ],
    [
      'Cursor PR body marker',
      pr({ body: 'Adds retries.\r\n\r\nMade with [Cursor](https://cursor.com)' }),
      [{ kind: 'body-marker', detail: 'PR body: Made with [Cursor](https://cursor.com)', confidence: 0.85 }],
    ],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const result = detectAiAssistance(input, DEFAULT_AI_DETECTION);
    expect(result.signals).toEqual(expected);
    expect(result.confidence).toBe(expected[0].confidence);
    expect(result.aiAssisted).toBe(true);
  });
});

describe('detectAiAssistance: look-alikes that are not AI', () => {
  const cases: Array<[string, Pr]> = [
    ['human co-author named after a tool', commit('Co-authored-by: Cursor Smith <cursor.smith@acme.com>')],
    ['human named Claude', commit('Co-authored-by: Claude Monet <claude@monet.fr>')],
    ['human named Devin on a GitHub no-reply address', commit('Co-authored-by: Devin <12345+devin@users.noreply.github.com>')],
    ['Anthropic employee', commit('Co-authored-by: Ashwin <ashwin@anthropic.com>')],
    ['Anthropic employee on GitHub no-reply', commit('Co-authored-by: km-anthropic <123456+km-anthropic@users.noreply.github.com>')],
    ['OpenAI employee', commit('Co-authored-by: Sam <someone@openai.com>')],
    ['a model name on an employee address', commit('Co-authored-by: Claude Opus 4.6 <someone@anthropic.com>')],
    ['Microsoft employee co-author', commit('Co-authored-by: Eldrick Wega <eldrickt@microsoft.com>')],
    ['"devin" inside a domain', commit('Co-authored-by: Ana <ana@adevinta.com>')],
    ['dependabot co-author', commit('Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>')],
    ['truncated human co-author', commit('Co-authored-by: Tomoya Kawaguchi <68677002+yamoyamoto@users.noreply.githu')],
    ['subject mentions copilot', pr({ messages: ['fix(gh-copilot): skip empty report responses for dates without Copilot data (#8804)'] })],
    ['subject mentions cursor', pr({ messages: ['fix: close database cursor'] })],
    ['trailer-looking subject line', pr({ messages: ['Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>'] })],
    ['trailer not at line start', commit('See the "Co-authored-by: Claude <noreply@anthropic.com>" convention.')],
    ['indented (quoted) trailer', commit('    Co-authored-by: Claude <noreply@anthropic.com>')],
    ['human Assisted-by', commit('Assisted-by: Cursor Smith <cursor.smith@acme.com>')],
    ['code generator', commit('Generated-by: protoc-gen-go v1.34')],
    ['Made-with not naming an AI tool', commit('Made-with: love')],
    ['declaring key negated', commit('AI-assisted: no')],
    ['unknown trailer key', commit('Reviewed-by: Copilot Fan <fan@example.com>')],
    ['human author', pr({ author: 'copilot-fan' })],
    ['unrelated label', pr({ labels: ['copilot', 'cursor'] })],
    ['PR body mentions Claude Code in prose', pr({ body: 'We compared this to what Generated with [Claude Code] would do.' })],
    ['nothing at all', pr({})],
  ];

  it.each(cases)('%s', (_name, input) => {
    expect(detectAiAssistance(input, DEFAULT_AI_DETECTION)).toEqual({ aiAssisted: false, confidence: 0, signals: [] });
  });
});

describe('detectAiAssistance: combination', () => {
  it('dedupes a trailer repeated across commits and key spellings, and combines by noisy-or', () => {
    const result = detectAiAssistance(
      pr({
        author: 'copilot-swe-agent[bot]',
        labels: ['ai-generated'],
        messages: [
          'Squash (#1)\n\n* one\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n\n* two\n\nCo-authored-by: Claude <noreply@anthropic.com>',
          'Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>',
        ],
      }),
    );
    expect(result.signals.map(s => [s.kind, s.detail, s.confidence])).toEqual([
      ['agent-author', 'author copilot-swe-agent[bot] is an AI agent account', 0.95],
      ['label', 'label ai-generated', 0.9],
      ['trailer', 'trailer Co-authored-by: Claude <noreply@anthropic.com>', 0.95],
      ['trailer', 'trailer Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>', 0.95],
    ]);
    // 1 - 0.05 * 0.1 * 0.05 * 0.05 = 0.9999875 → 1 at 4 decimals
    expect(result.confidence).toBe(1);
    expect(result.aiAssisted).toBe(true);
  });

  it.each([
    [[], 0],
    [[0.7], 0.7],
    [[0.7, 0.7], 0.91],
    [[0.95, 0.85], 0.9925],
    [[0.3, 0.2], 0.44],
  ])('combineConfidences(%j) = %d', (input, expected) => {
    expect(combineConfidences(input)).toBe(expected);
  });

  it('is not AI-assisted below minConfidence, but still reports its signals', () => {
    const options: AiDetectionOptions = { ...DEFAULT_AI_DETECTION, minConfidence: 0.8 };
    const result = detectAiAssistance(commit('Co-authored-by: Gemini <noreply@google.com>'), options);
    expect(result).toEqual({
      aiAssisted: false,
      confidence: 0.7,
      signals: [{ kind: 'trailer', detail: 'trailer Co-authored-by: Gemini <noreply@google.com>', confidence: 0.7, tool: 'Gemini' }],
    });
  });
});

describe('detectAiAssistance: configured lists', () => {
  const options: AiDetectionOptions = {
    ...DEFAULT_AI_DETECTION,
    identities: [
      ...DEFAULT_AI_DETECTION.identities,
      { tool: 'Acme Coder', email: 'coder-bot@acme.dev' },
      { tool: 'Acme Agent', emailPattern: '[0-9]+\\+acme-agent\\[bot\\]@users\\.noreply\\.github\\.com', confidence: 0.8 },
      { tool: 'Acme Name', namePattern: '^acme assistant$', email: 'assistant@acme.dev' },
    ],
    agentAuthors: [...DEFAULT_AI_DETECTION.agentAuthors, 'acme-agent[bot]'],
    labels: ['llm'],
    bodyMarkers: ['^AI-Disclosure: yes'],
    toolNames: [...DEFAULT_AI_DETECTION.toolNames, 'Tabnine'],
    trailerKeys: ['X-AI'],
  };

  const cases: Array<[string, Pr, Expected]> = [
    [
      'identity by address',
      commit('Co-authored-by: Coder <coder-bot@acme.dev>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Coder <coder-bot@acme.dev>', confidence: 0.95, tool: 'Acme Coder' }],
    ],
    [
      'identity by address pattern with its own confidence',
      commit('Co-authored-by: acme-agent[bot] <42+acme-agent[bot]@users.noreply.github.com>'),
      [
        {
          kind: 'trailer',
          detail: 'trailer Co-authored-by: acme-agent[bot] <42+acme-agent[bot]@users.noreply.github.com>',
          confidence: 0.8,
          tool: 'Acme Agent',
        },
      ],
    ],
    [
      'identity by name and address',
      commit('Co-authored-by: Acme Assistant <assistant@acme.dev>'),
      [{ kind: 'trailer', detail: 'trailer Co-authored-by: Acme Assistant <assistant@acme.dev>', confidence: 0.95, tool: 'Acme Name' }],
    ],
    [
      'agent author',
      pr({ author: 'acme-agent[bot]' }),
      [{ kind: 'agent-author', detail: 'author acme-agent[bot] is an AI agent account', confidence: 0.95 }],
    ],
    ['replaced labels', pr({ labels: ['LLM'] }), [{ kind: 'label', detail: 'label LLM', confidence: 0.9 }]],
    [
      'replaced body markers',
      pr({ body: 'Summary\nAI-Disclosure: yes, tests by hand' }),
      [{ kind: 'body-marker', detail: 'PR body: AI-Disclosure: yes, tests by hand', confidence: 0.85 }],
    ],
    [
      'extra tool name',
      commit('Generated-by: Tabnine Chat'),
      [{ kind: 'trailer', detail: 'trailer Generated-by: Tabnine Chat', confidence: 0.9, tool: 'Tabnine' }],
    ],
    ['extra trailer key', commit('x-ai: claude'), [{ kind: 'trailer', detail: 'trailer X-AI: claude', confidence: 0.9, tool: 'Claude' }]],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(detectAiAssistance(input, options).signals).toEqual(expected);
  });

  it.each<[string, Pr]>([
    ['name alone on another address', commit('Co-authored-by: Acme Assistant <someone@acme.dev>')],
    ['replaced default label', pr({ labels: ['ai-assisted'] })],
    ['replaced default marker', pr({ body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)' })],
    ['replaced default trailer key', commit('AI-assisted: true')],
  ])('%s is not AI', (_name, input) => {
    expect(detectAiAssistance(input, options).aiAssisted).toBe(false);
  });
});
