/** Prints the check run and the review as a person reads them on GitHub (hidden markers stay hidden). */
import type { CheckRunRecord, ReviewRecord } from './stand-in/github.js';

const RULE = '─'.repeat(72);

/** GitHub does not show HTML comments, so neither do we. */
function visible(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->\n?/g, '').replace(/<\/?(details|summary)>/g, '').trim();
}

function indent(text: string, by = '    '): string {
  return text.split('\n').map((l) => (l === '' ? by.trimEnd() : by + l)).join('\n');
}

export function printCheckRun(run: CheckRunRecord, write: (s: string) => void): void {
  write(`${RULE}\nCheck run "${run.name}" on ${run.head_sha.slice(0, 7)}: ${run.status}, conclusion ${run.conclusion ?? '(none)'}\n${RULE}\n`);
  write(`Title: ${run.output.title ?? ''}\n\n${visible(run.output.summary ?? '')}\n\n`);
  if (run.output.text) write(`${visible(run.output.text)}\n\n`);
  write(`Annotations (${run.annotations.length}):\n`);
  for (const a of run.annotations) {
    write(`  ${String(a.path)}:${String(a.start_line)}  [${String(a.annotation_level)}]  ${String(a.title)}\n${indent(String(a.message), '      ')}\n`);
  }
  write('\n');
}

export function printReview(review: ReviewRecord, write: (s: string) => void): void {
  write(`${RULE}\nReview by the app (${review.event}) on ${review.commit_id.slice(0, 7)}\n${RULE}\n`);
  write(`${visible(review.body)}\n\n`);
  for (const c of review.comments) {
    const where = c.start_line !== undefined ? `lines ${c.start_line}-${c.line}` : `line ${c.line}`;
    write(`  ┌ ${c.path}, ${where}\n${indent(visible(c.body), '  │ ')}\n  └\n\n`);
  }
}
