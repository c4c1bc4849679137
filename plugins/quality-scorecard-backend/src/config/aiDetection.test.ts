import { ConfigReader } from '@backstage/config';
import { readAiDetectionConfig } from './aiDetection';
import { DEFAULT_AI_DETECTION, detectAiAssistance } from '../engine/aiDetection';

const config = (aiDetection: unknown) => new ConfigReader({ qualityScorecard: { aiDetection } } as any);

describe('readAiDetectionConfig', () => {
  it('returns the defaults without config or without the key', () => {
    expect(readAiDetectionConfig(undefined)).toBe(DEFAULT_AI_DETECTION);
    expect(readAiDetectionConfig(new ConfigReader({}))).toBe(DEFAULT_AI_DETECTION);
    expect(readAiDetectionConfig(new ConfigReader({ qualityScorecard: {} }))).toBe(DEFAULT_AI_DETECTION);
  });

  it('extends the default lists by default', () => {
    const options = readAiDetectionConfig(
      config({
        identities: ['coder-bot@acme.dev', { tool: 'Acme Agent', emailPattern: '\\d+\\+acme\\[bot\\]@users\\.noreply\\.github\\.com' }],
        agentAuthors: ['acme-agent[bot]'],
        labels: ['llm'],
        bodyMarkers: ['^AI-Disclosure: yes'],
        toolNames: ['Tabnine'],
        trailerKeys: ['X-AI'],
        minConfidence: 0.8,
      }),
    );
    expect(options).toEqual({
      identities: [
        ...DEFAULT_AI_DETECTION.identities,
        { tool: 'coder-bot@acme.dev', email: 'coder-bot@acme.dev' },
        { tool: 'Acme Agent', emailPattern: '\\d+\\+acme\\[bot\\]@users\\.noreply\\.github\\.com' },
      ],
      agentAuthors: [...DEFAULT_AI_DETECTION.agentAuthors, 'acme-agent[bot]'],
      labels: ['ai-assisted', 'ai-generated', 'llm'],
      bodyMarkers: [...DEFAULT_AI_DETECTION.bodyMarkers, '^AI-Disclosure: yes'],
      toolNames: [...DEFAULT_AI_DETECTION.toolNames, 'Tabnine'],
      trailerKeys: [...DEFAULT_AI_DETECTION.trailerKeys, 'X-AI'],
      minConfidence: 0.8,
    });
    const pr = {
      author: 'alice',
      labels: ['ai-assisted'],
      commits: [{ sha: 'a', authoredAt: 0, message: 'Fix\n\nCo-authored-by: Coder <coder-bot@acme.dev>' }],
    };
    expect(detectAiAssistance(pr, options).signals.map(s => s.detail)).toEqual([
      'label ai-assisted',
      'trailer Co-authored-by: Coder <coder-bot@acme.dev>',
    ]);
  });

  it('replaces the lists it is given with extendDefaults: false, and keeps the others', () => {
    const options = readAiDetectionConfig(config({ extendDefaults: false, labels: ['llm'], bodyMarkers: [] }));
    expect(options).toEqual({ ...DEFAULT_AI_DETECTION, labels: ['llm'], bodyMarkers: [] });
  });

  it.each<[string, unknown, string]>([
    ['a non-object', 'yes', 'qualityScorecard.aiDetection: Expected object, received string'],
    ['an unknown key', { label: ['x'] }, "qualityScorecard.aiDetection: Unrecognized key(s) in object: 'label'"],
    ['a bad extendDefaults', { extendDefaults: 'no' }, 'qualityScorecard.aiDetection.extendDefaults: Expected boolean, received string'],
    ['minConfidence above 1', { minConfidence: 1.5 }, 'qualityScorecard.aiDetection.minConfidence: Number must be less than or equal to 1'],
    ['a label that is not a string', { labels: ['ok', 3] }, 'qualityScorecard.aiDetection.labels[1]: Expected string, received number'],
    ['an empty agent author', { agentAuthors: [''] }, 'qualityScorecard.aiDetection.agentAuthors[0]: String must contain at least 1 character(s)'],
    ['a bad body marker', { bodyMarkers: ['(unclosed'] }, 'qualityScorecard.aiDetection.bodyMarkers[0]: is not a valid regular expression'],
    ['a bad trailer key', { trailerKeys: ['AI assisted'] }, 'qualityScorecard.aiDetection.trailerKeys[0]: must be a trailer key such as AI-assisted'],
    ['an identity that is not an address', { identities: ['Claude'] }, 'qualityScorecard.aiDetection.identities[0].email: must be an e-mail address'],
    ['an identity without a rule', { identities: [{ tool: 'X' }] }, 'qualityScorecard.aiDetection.identities[0]: needs email, emailPattern or namePattern'],
    ['an identity without a tool', { identities: [{ email: 'a@b.c' }] }, 'qualityScorecard.aiDetection.identities[0].tool: Required'],
    [
      'an identity with a bad pattern',
      { identities: [{ tool: 'X', namePattern: '[' }] },
      'qualityScorecard.aiDetection.identities[0].namePattern: is not a valid regular expression',
    ],
    [
      'an identity with a confidence of 0',
      { identities: [{ tool: 'X', email: 'x@y.z', confidence: 0 }] },
      'qualityScorecard.aiDetection.identities[0].confidence: Number must be greater than 0',
    ],
  ])('rejects %s, naming the key', (_name, value, message) => {
    expect(() => readAiDetectionConfig(config(value))).toThrow(message);
  });
});
