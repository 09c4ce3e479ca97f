/**
 * The app replies once to each comment with commands. Its reply carries a hidden marker with the
 * comment's id; a redelivered webhook (or a second instance of the app) finds that marker in
 * GitHub and stays quiet. Only markers in comments the app wrote count.
 */
const REPLY = /<!-- k8s-antipatterns:reply-to=(\d+) -->/g;

export function replyMarker(commentId: number): string {
  return `<!-- k8s-antipatterns:reply-to=${commentId} -->`;
}

export function repliedTo(body: string): number[] {
  return [...body.matchAll(REPLY)].map((m) => Number(m[1]));
}

/** Whether one of these comments is the app's reply to that comment. */
export function answered(comments: Iterable<{ mine: boolean; body: string }>, commentId: number): boolean {
  for (const c of comments) if (c.mine && repliedTo(c.body).includes(commentId)) return true;
  return false;
}

/**
 * Text a person wrote, shown back in a reply or the check run: without `<`, `>` and backticks it
 * can neither close a code span nor smuggle a hidden marker into a comment the app trusts.
 */
export function sanitize(text: string, max = 200): string {
  const clean = text.replace(/[<>`]/g, '').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A person's text as inline code (mentions and Markdown stay inert). */
export function quoted(text: string, max = 80): string {
  return `\`${sanitize(text, max) || ' '}\``;
}
