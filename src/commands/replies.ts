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
