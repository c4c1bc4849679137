import fs from 'fs';
import path from 'path';
import { DEFAULT_AI_DETECTION, detectAiAssistance } from './aiDetection';

/**
 * The confusion counts of the default detector on the shared reference files:
 * ai-trailers.tsv (real AI-assisted commits from public repositories) and
 * ai-trailers-negatives.tsv (look-alikes that are not AI). Each row becomes a
 * one-commit PR whose message is the subject, a blank line, the row's
 * "Generated with" lines (if any), a blank line and its trailer lines.
 * docs/ai-policy.md ("Accuracy on the shared reference files") states the
 * same numbers. When the files are absent the suite says so in one test.
 */

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures');
const POSITIVES = 'ai-trailers.tsv';
const NEGATIVES = 'ai-trailers-negatives.tsv';
const present = [POSITIVES, NEGATIVES].every(f =>
  fs.existsSync(path.join(FIXTURES, f)),
);

type Row = Record<string, string>;

function readTsv(file: string): Row[] {
  const [header, ...lines] = fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter(l => l.trim() !== '');
  const columns = header.split('\t');
  return lines.map(line => {
    const cells = line.split('\t');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const joined = (cell: string | undefined) =>
  (cell ?? '')
    .split(' | ')
    .map(s => s.trim())
    .filter(s => s !== '');

/** The login-like name of "Name <address>". */
const authorName = (author: string) =>
  author.replace(/\s*<[^>]*>?\s*$/, '').trim();

function message(subject: string, ...paragraphs: string[][]): string {
  return [
    subject,
    ...paragraphs.filter(p => p.length > 0).map(p => p.join('\n')),
  ].join('\n\n');
}

/** A one-commit PR of the row's author (author_flag marks rows whose author is an AI bot). */
function detect(row: Row, msg: string) {
  return detectAiAssistance(
    {
      author: authorName(row.author),
      labels: [],
      commits: [{ sha: row.commit, authoredAt: 0, message: msg }],
    },
    DEFAULT_AI_DETECTION,
  );
}

let cached: ReturnType<typeof count> | undefined;
const evaluate = () => (cached ??= count());

function count() {
  const positives = readTsv(POSITIVES);
  const negatives = readTsv(NEGATIVES);

  const falseNegatives: string[] = [];
  const falsePositives: string[] = [];
  let tp = 0;
  let trailersOnly = 0;
  let generatedWithOnly = 0;
  let withGeneratedWith = 0;
  let authorFlagged = 0;
  for (const row of positives) {
    const trailers = joined(row.ai_trailer_lines);
    const generatedWith = joined(row.generated_with_lines);
    if (row.author_flag !== '') authorFlagged += 1;
    if (detect(row, message(row.subject, generatedWith, trailers)).aiAssisted) {
      tp += 1;
    } else {
      falseNegatives.push(
        `${row.repo}@${row.commit.slice(0, 12)}: ${row.ai_trailer_lines}`,
      );
    }
    // Ablations: how much each source alone finds.
    if (detect(row, message(row.subject, trailers)).aiAssisted)
      trailersOnly += 1;
    if (generatedWith.length > 0) {
      withGeneratedWith += 1;
      if (detect(row, message(row.subject, generatedWith)).aiAssisted)
        generatedWithOnly += 1;
    }
  }
  let tn = 0;
  for (const row of negatives) {
    const result = detect(row, message(row.subject, joined(row.evidence)));
    if (result.aiAssisted) {
      falsePositives.push(
        `${row.repo}@${row.commit.slice(0, 12)} (${
          row.category
        }): ${result.signals.map(s => s.detail).join('; ')}`,
      );
    } else {
      tn += 1;
    }
  }
  const fp = falsePositives.length;
  const fn = falseNegatives.length;
  return {
    positives: positives.length,
    negatives: negatives.length,
    tp,
    fp,
    fn,
    tn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    trailersOnly,
    authorFlagged,
    generatedWithOnly,
    withGeneratedWith,
    falseNegatives,
    falsePositives,
  };
}

describe('AI detection on the shared reference files', () => {
  if (!present) {
    it(`is skipped because ${POSITIVES} and ${NEGATIVES} are not both in ../shared/fixtures`, () => {
      // eslint-disable-next-line no-console
      console.log(
        `ai-detection reference: SKIPPED, ${POSITIVES} or ${NEGATIVES} not found in ${FIXTURES}`,
      );
      expect(present).toBe(false);
    });
    return;
  }

  it('finds all 215 positives and none of the 51 negatives', () => {
    const report = evaluate();
    // eslint-disable-next-line no-console
    console.log(`ai-detection reference: ${JSON.stringify(report)}`);
    // The rows: 216 and 52 lines, each with a header.
    expect([report.positives, report.negatives]).toEqual([215, 51]);
    expect({
      tp: report.tp,
      fp: report.fp,
      fn: report.fn,
      tn: report.tn,
    }).toEqual({ tp: 215, fp: 0, fn: 0, tn: 51 });
    expect(report.falseNegatives).toEqual([]);
    expect(report.falsePositives).toEqual([]);
    expect([report.precision, report.recall]).toEqual([1, 1]);
  });

  it('finds every positive from its trailers alone, and 128 of 129 from the "Generated with" line alone', () => {
    const report = evaluate();
    expect(report.trailersOnly).toBe(215);
    expect([report.generatedWithOnly, report.withGeneratedWith]).toEqual([
      128, 129,
    ]);
    // No row of the reference set is flagged for an AI bot author.
    expect(report.authorFlagged).toBe(0);
  });
});
