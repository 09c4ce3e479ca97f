/**
 * Shell text of a CI `run:`/`script:` scalar with the file line of each of its rows. A literal
 * block (`run: |`) starts on the line after its header; a folded block (`>`) is rebuilt from the
 * source so that each row keeps its line; quoted and plain scalars start on their own line.
 */
import { Scalar, type LineCounter } from 'yaml';
import { TEMPLATE_FILLER } from '../parse/helm-mask.js';
import { range } from '../parse/yaml.js';
import { replaceExpressions } from './expressions.js';

export interface CiScript {
  /** Text for the shell parser, CI expressions masked with same-length filler. */
  text: string;
  /** The text as written (same length as `text`). */
  raw: string;
  /** 1-based file line of a 0-based row of `text`. */
  lineOf(row: number): number;
  /** First line of the script in the file. */
  line: number;
}

/** GitHub `${{ ... }}` and GitLab `$[[ ... ]]` expressions, replaced before shell parsing. */
export function maskExpressions(text: string): string {
  return replaceExpressions(text, (expr) => expr.replace(/[^\n]/g, TEMPLATE_FILLER));
}

export function scriptOf(node: Scalar, source: string, lines: LineCounter): CiScript | undefined {
  const r = range(node);
  if (!r || typeof node.value !== 'string') return undefined;
  const start = lines.linePos(r[0]).line;
  if (node.type === Scalar.BLOCK_LITERAL) {
    return make(node.value, (row) => start + 1 + row, start + 1);
  }
  if (node.type === Scalar.BLOCK_FOLDED) {
    const end = lines.linePos(Math.max(r[0], r[1] - 1)).line;
    const body = source.split('\n').slice(start, end);
    return make(unfold(body), (row) => start + 1 + row, start + 1);
  }
  const end = lines.linePos(Math.max(r[0], r[1] - 1)).line;
  return make(node.value, (row) => Math.min(start + row, end), start);
}

function make(raw: string, lineOf: (row: number) => number, line: number): CiScript {
  return { text: maskExpressions(raw), raw, lineOf, line };
}

/**
 * A folded block joins lines with spaces. Shell reads `\` + newline the same way, so the rows
 * stay where they are in the file: lines that fold get a trailing backslash.
 */
function unfold(body: string[]): string {
  const indents = body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  // A loop, not a spread: a script of 200,000 lines would pass the call stack's limit.
  let indent = indents.length > 0 ? Infinity : 0;
  for (const i of indents) indent = Math.min(indent, i);
  const stripped = body.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)));
  return stripped
    .map((line, i) => {
      const next = stripped[i + 1];
      const folds = line.trim() !== '' && next !== undefined && next.trim() !== '' && !/^\s/.test(line) && !/^\s/.test(next);
      return folds ? `${line} \\` : line;
    })
    .join('\n');
}
