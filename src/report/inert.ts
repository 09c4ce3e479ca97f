/**
 * Text from a pull request (names, values, paths, parser messages) shown in the app's Markdown.
 * Whoever opens a pull request writes it, so it must stay text: no HTML (and so no hidden
 * comment), no @-mention, no Markdown link or image, no issue reference. A zero-width space
 * breaks each construct without changing what a reader sees.
 */
const ZWSP = '\u200B';

export function inert(text: string): string {
  return text
    // Any tag, comment, processing instruction or autolink starts with `<` and one of these.
    .replace(/<(?=[!/?A-Za-z])/g, `<${ZWSP}`)
    .replace(/-->/g, `--${ZWSP}>`)
    // A mention needs a non-word character (or nothing) before the `@`; `image@sha256` is no mention.
    .replace(/(^|[^\w`])@(?=[\w-])/g, `$1@${ZWSP}`)
    // Inline links and images, reference links and their definitions.
    .replace(/\]([([:])/g, `]${ZWSP}$1`)
    // Issue and pull request references (#12, org/repo#12), which also notify their authors.
    .replace(/#(?=\d)/g, `#${ZWSP}`);
}

/** A code span that no backtick in the text can close early (CommonMark: a longer fence). */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = longestRun(flat, /`+/g);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat || ' '}${pad}${fence}`;
}

/** The fence for a fenced code block around this code: longer than any backtick run in it. */
export function codeFence(code: string): string {
  const longest = longestRun(code, /`{3,}/g);
  return '`'.repeat(Math.max(3, longest + 1));
}

function longestRun(text: string, run: RegExp): number {
  let longest = 0;
  for (const m of text.matchAll(run)) longest = Math.max(longest, m[0].length);
  return longest;
}
