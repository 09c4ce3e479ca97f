/**
 * Fits Markdown into GitHub's limits by folding, never by failing: whole lines are kept while
 * they fit, and a last line says how many were left out and where to find them.
 * (Check run summary and text: 65,535 characters each; review bodies are limited alike.)
 */
export const GITHUB_TEXT_LIMIT = 65_535;

export function foldLines(head: readonly string[], items: readonly string[], tail: readonly string[], limit = GITHUB_TEXT_LIMIT, more = (n: number) => `… and ${n} more not shown here.`): string {
  const fixed = [...head, ...tail].join('\n').length + 2;
  const kept: string[] = [];
  let used = fixed;
  const reserve = more(items.length).length + 2;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const last = i === items.length - 1;
    if (used + item.length + 1 + (last ? 0 : reserve) > limit) {
      kept.push(more(items.length - i));
      break;
    }
    kept.push(item);
    used += item.length + 1;
  }
  const text = [...head, ...kept, ...tail].join('\n');
  return text.length <= limit ? text : `${text.slice(0, limit - 2)}\n…`;
}
