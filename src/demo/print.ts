/**
 * Prints the check run and the review as a person reads them on GitHub, sized for a terminal:
 * hidden markers stay hidden, collapsed `<details>` stay collapsed, links show their text only,
 * and long lists are folded the way the check run folds them.
 */
import type { CheckRunRecord, ReviewRecord } from './stand-in/github.js';

const RULE = '─'.repeat(72);

/** Items of one list shown before the rest is folded into one line. */
export const SHOWN_ITEMS = 12;

/** GitHub does not show HTML comments, nor the inside of a closed `<details>`, so neither do we. */
export function visible(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/<details>\s*<summary>([\s\S]*?)<\/summary>[\s\S]*?<\/details>/g, '▸ $1')
    .replace(/\[([^\]\n]*)\]\((?:https?:)?[^)\s]*\)/g, '$1')
    .trim();
}

/** Keeps the first SHOWN_ITEMS list items of a Markdown text and says how many more there are. */
function foldList(markdown: string, more: (n: number) => string): string {
  const out: string[] = [];
  let items = 0;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('- ') && ++items > SHOWN_ITEMS) continue;
    out.push(line);
  }
  if (items > SHOWN_ITEMS) out.push(more(items - SHOWN_ITEMS));
  return out.join('\n');
}

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => (l === '' ? by.trimEnd() : by + l)).join('\n');
}

export function printCheckRun(run: CheckRunRecord, write: (s: string) => void): void {
  write(`${RULE}\nCheck run "${run.name}" on ${run.head_sha.slice(0, 7)}: ${run.status}, conclusion ${run.conclusion ?? '(none)'}\n${RULE}\n`);
  write(`Title: ${run.output.title ?? ''}\n\n${visible(run.output.summary ?? '')}\n\n`);
  if (run.output.text) write(`${foldList(visible(run.output.text), (n) => `- … and ${n} more on the check run's page.`)}\n\n`);
  const counts = ['failure', 'warning', 'notice']
    .map((level) => [level, run.annotations.filter((a) => a.annotation_level === level).length] as const)
    .filter(([, n]) => n > 0).map(([level, n]) => `${n} ${level}`).join(', ');
  write(`Annotations: ${run.annotations.length}${counts ? ` (${counts})` : ''}, one per finding above, each on its line in "Files changed".\n\n`);
}

/**
 * One review and its inline comments, each under the line it is on (`lineOf` gives the text of
 * a line at the reviewed commit), as the diff on GitHub shows them.
 */
export function printReview(review: ReviewRecord, write: (s: string) => void, lineOf: (path: string, line: number) => string | undefined = () => undefined): void {
  write(`${RULE}\nReview by the app (${review.event}) on ${review.commit_id.slice(0, 7)}\n${RULE}\n`);
  write(`${visible(review.body)}\n\n`);
  for (const c of review.comments.slice(0, SHOWN_ITEMS)) {
    const where = c.start_line !== undefined ? `lines ${c.start_line}-${c.line}` : `line ${c.line}`;
    const code = lineOf(c.path, c.line);
    // Blank lines only space out Markdown paragraphs: a terminal reads better without them.
    const body = visible(c.body).split('\n').filter((l) => l.trim() !== '').join('\n');
    write(`  ┌ ${c.path}, ${where}${code === undefined ? '' : `:  ${code.trim()}`}\n${indent(body, '  │ ')}\n  └\n\n`);
  }
  if (review.comments.length > SHOWN_ITEMS) write(`  … and ${review.comments.length - SHOWN_ITEMS} more inline comments on the pull request.\n\n`);
}
