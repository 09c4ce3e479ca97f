/**
 * GitHub `${{ ... }}` and GitLab `$[[ ... ]]` expressions, found with `indexOf` in one pass. The
 * regular expression `/\$\{\{[\s\S]*?\}\}/g` rescans to the end of the text from every unclosed
 * `${{`: quadratic on a value made of them. Once one opener has no closer after it, no later one
 * of its kind has, so each kind is searched for at most once past that point.
 */

export interface ExpressionSpan {
  /** Offset of `$`. */
  start: number;
  /** Offset after the closing `}}` or `]]`. */
  end: number;
  /** The text between the brackets. */
  body: string;
}

const KINDS = [
  { open: '${{', close: '}}' },
  { open: '$[[', close: ']]' },
] as const;

/** Every expression of a text, left to right; each ends at the first closer after its opener. */
export function ciExpressions(text: string): ExpressionSpan[] {
  const out: ExpressionSpan[] = [];
  // Next opener of each kind at or after `at`; -1 when there is none, or none that closes.
  const next = KINDS.map((k) => text.indexOf(k.open));
  let at = 0;
  for (;;) {
    let kind = -1;
    for (let k = 0; k < KINDS.length; k++) {
      if (next[k]! >= 0 && (kind < 0 || next[k]! < next[kind]!)) kind = k;
    }
    if (kind < 0) return out;
    const start = next[kind]!;
    const { open, close } = KINDS[kind]!;
    const closeAt = text.indexOf(close, start + open.length);
    if (closeAt < 0) {
      next[kind] = -1;
      continue;
    }
    out.push({ start, end: closeAt + close.length, body: text.slice(start + open.length, closeAt) });
    at = closeAt + close.length;
    for (let k = 0; k < KINDS.length; k++) {
      if (next[k]! >= 0 && next[k]! < at) next[k] = text.indexOf(KINDS[k]!.open, at);
    }
  }
}

/** The text with each expression replaced by `replace(expression)`. */
export function replaceExpressions(text: string, replace: (expression: string) => string): string {
  let out = '';
  let last = 0;
  for (const { start, end } of ciExpressions(text)) {
    out += text.slice(last, start) + replace(text.slice(start, end));
    last = end;
  }
  return out + text.slice(last);
}

/**
 * `${{ ... }}` expressions whose body holds no `}` (what `\$\{\{[^}]*\}\}` matched), each tested
 * with `test`. Linear: from a `${{`, the first `}` decides; a `${{` before that `}` ends there too,
 * and its body is a tail of this one, so testing the longest body is enough.
 */
export function someGithubExpression(text: string, test: (body: string) => boolean): boolean {
  let at = text.indexOf('${{');
  while (at >= 0) {
    const brace = text.indexOf('}', at + 3);
    if (brace < 0) return false;
    if (text[brace + 1] === '}' && test(text.slice(at + 3, brace))) return true;
    at = text.indexOf('${{', brace + 1);
  }
  return false;
}
