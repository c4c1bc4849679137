import fs from 'fs';
import path from 'path';
import { DEFAULT_AI_DETECTION, detectAiAssistance } from './aiDetection';

/**
 * Precision and recall of the default detector on the shared reference files:
 * ai-trailers.tsv (real AI-assisted commits from public repositories) and
 * ai-trailers-negatives.tsv (look-alikes that are not AI). Each row becomes a
 * one-commit PR whose message is the subject, a blank line, the row's
 * "Generated with" lines (if any), a blank line and its trailer lines.
 */

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures');

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
const authorName = (author: string) => author.replace(/\s*<[^>]*>?\s*$/, '').trim();

function message(subject: string, ...paragraphs: string[][]): string {
  return [subject, ...paragraphs.filter(p => p.length > 0).map(p => p.join('\n'))].join('\n\n');
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

describe('AI detection on the shared reference files', () => {
  it('has precision and recall of at least 0.95', () => {
    if (!fs.existsSync(FIXTURES)) {
      // eslint-disable-next-line no-console
      console.log('ai-detection reference: skipped, ../shared/fixtures not found');
      return;
    }
    const positives = readTsv('ai-trailers.tsv');
    const negatives = readTsv('ai-trailers-negatives.tsv');

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
        falseNegatives.push(`${row.repo}@${row.commit.slice(0, 12)}: ${row.ai_trailer_lines}`);
      }
      // Ablations: how much each source alone finds.
      if (detect(row, message(row.subject, trailers)).aiAssisted) trailersOnly += 1;
      if (generatedWith.length > 0) {
        withGeneratedWith += 1;
        if (detect(row, message(row.subject, generatedWith)).aiAssisted) generatedWithOnly += 1;
      }
    }
    let tn = 0;
    for (const row of negatives) {
      const result = detect(row, message(row.subject, joined(row.evidence)));
      if (result.aiAssisted) {
        falsePositives.push(
          `${row.repo}@${row.commit.slice(0, 12)} (${row.category}): ${result.signals.map(s => s.detail).join('; ')}`,
        );
      } else {
        tn += 1;
      }
    }
    const fp = falsePositives.length;
    const fn = falseNegatives.length;
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const report = {
      positives: positives.length,
      negatives: negatives.length,
      tp,
      fp,
      fn,
      tn,
      precision: Math.round(precision * 10000) / 10000,
      recall: Math.round(recall * 10000) / 10000,
      recallTrailersOnly: Math.round((trailersOnly / positives.length) * 10000) / 10000,
      authorFlagged,
      recallGeneratedWithOnly: `${generatedWithOnly}/${withGeneratedWith}`,
      falseNegatives,
      falsePositives,
    };
    // eslint-disable-next-line no-console
    console.log(`ai-detection reference: ${JSON.stringify(report)}`);

    expect(positives.length).toBeGreaterThan(0);
    expect(negatives.length).toBeGreaterThan(0);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});
