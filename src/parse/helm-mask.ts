/**
 * Makes a Helm template readable as YAML without changing any line number: every `{{ ... }}`
 * action becomes filler of the same length, and a line that held only actions becomes a comment.
 */

/** Character used as filler; a scalar that contains it came from a template action. */
export const TEMPLATE_FILLER = '\u00a7';

export interface MaskedTemplate {
  text: string;
  /** 1-based lines that held only template actions (control flow, `include`, `toYaml`...). */
  actionLines: Set<number>;
}

/** Where a template action `{{ ... }}` starts and ends (exclusive) in a text. */
export interface ActionSpan {
  start: number;
  end: number;
}

/**
 * Every `{{ ... }}` action of a text: each ends at the first `}}` after its `{{`. Found with
 * `indexOf`, not `/\{\{[\s\S]*?\}\}/g`: that one rescans to the end of the text from every
 * unclosed `{{`, quadratic on a text of them. Once one `{{` has no `}}` after it, none has.
 */
export function templateActions(text: string): ActionSpan[] {
  const out: ActionSpan[] = [];
  let at = text.indexOf('{{');
  while (at >= 0) {
    const close = text.indexOf('}}', at + 2);
    if (close < 0) break;
    out.push({ start: at, end: close + 2 });
    at = text.indexOf('{{', close + 2);
  }
  return out;
}

/** The text with each template action replaced by `replace(action)`. */
export function replaceActions(text: string, replace: (action: string) => string): string {
  let out = '';
  let last = 0;
  for (const { start, end } of templateActions(text)) {
    out += text.slice(last, start) + replace(text.slice(start, end));
    last = end;
  }
  return out + text.slice(last);
}

export function maskTemplate(source: string): MaskedTemplate {
  const replaced = replaceActions(source, (action) => action.replace(/[^\n]/g, TEMPLATE_FILLER));
  const actionLines = new Set<number>();
  const lines = replaced.split('\n').map((line, index) => {
    const content = line.trim();
    if (content.length > 0 && /^[-\s]*\u00a7[\u00a7\s]*$/.test(content)) {
      actionLines.add(index + 1);
      const indent = line.length - line.trimStart().length;
      return line.slice(0, indent) + '#' + ' '.repeat(Math.max(0, line.length - indent - 1));
    }
    return line;
  });
  return { text: lines.join('\n'), actionLines };
}

export function isTemplated(value: string): boolean {
  return value.includes(TEMPLATE_FILLER);
}
