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

const ACTION = /\{\{-?[\s\S]*?-?\}\}/g;

export function maskTemplate(source: string): MaskedTemplate {
  const replaced = source.replace(ACTION, (action) => action.replace(/[^\n]/g, TEMPLATE_FILLER));
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
