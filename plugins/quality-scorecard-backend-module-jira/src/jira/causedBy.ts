/*
 * "Caused by" a pull request, named in a bug's description or a comment:
 * `caused by #12`, `caused by !12` (GitLab) or `caused by <url>/pull/12`
 * (also `/pulls/12`, `/merge_requests/12`). The first mention wins: the
 * description, then comments in order.
 */

const CAUSED_BY =
  /caused\s+by\s*:?\s*(?:[#!](\d+)|https?:\/\/\S+?\/(?:pull|pulls|merge_requests)\/(\d+))(?!\d)/i;

/** The text of a string or an Atlassian Document (REST v3), its text nodes joined. */
export function plainText(body: unknown): string {
  if (typeof body === 'string') return body;
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as { text?: unknown; content?: unknown; attrs?: unknown };
    if (typeof n.text === 'string') parts.push(n.text);
    // Links are marks on text, or inline cards with a url.
    const url = (n.attrs as { url?: unknown } | undefined)?.url;
    if (typeof url === 'string') parts.push(url);
    if (Array.isArray(n.content)) n.content.forEach(walk);
  };
  walk(body);
  return parts.join(' ');
}

/** The number of the pull request a text says caused it, else undefined. */
export function causedByPullRequest(texts: unknown[]): number | undefined {
  for (const text of texts) {
    const match = CAUSED_BY.exec(plainText(text));
    if (match) {
      const number = Number(match[1] ?? match[2]);
      if (Number.isSafeInteger(number) && number > 0) return number;
    }
  }
  return undefined;
}
