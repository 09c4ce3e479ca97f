/**
 * Bounds on what the parsers are given. A pull request author controls file contents: deep
 * nesting overflows recursive parsers, and tree-sitter-bash's error recovery is quadratic on some
 * broken input (250 KB of unclosed `${` took 44 s). Input past these bounds is not parsed: the
 * file becomes a `parse-error` "too complex: …" finding, which fails the review like an error.
 *
 * The limits sit far above what real files need (the examples and the test corpus stay below a
 * tenth of each), so only generated or hostile input reaches them.
 */
import type { FileKind } from '../model/types.js';

export const LIMITS = {
  /** One shell script (a script file, a CI `run:`/`script:` block, an `sh -c` string). */
  shellBytes: 256 * 1024,
  /** One line of shell. */
  shellLineBytes: 16 * 1024,
  /** Open `$(`, `${`, `(`, `{`, backquotes at one point of a shell script. */
  shellNesting: 64,
  /**
   * Parser steps per shell byte (tree-sitter calls back every 100 steps). Plain scripts take
   * under 0.2 callbacks per byte; the budget is a deterministic stop for runaway parses.
   */
  shellParseCallbacksPerByte: 2,
  /**
   * Wall-clock backstop for one file's shell parsing. tree-sitter's lexer can rescan to the end
   * of the text on every error token, which no step count sees; only hostile input gets here.
   */
  shellParseMillis: 10_000,
  /** Open `[`/`{` in a YAML document, or its indentation in columns. */
  yamlNesting: 100,
  yamlIndent: 400,
  /** Open `{`, `[`, `(` in a Terraform file (hcl2json's parser is recursive). */
  terraformNesting: 100,
} as const;

/** Input the engine refuses to parse; becomes a parse-error "too complex: …" on the file. */
export class TooComplexError extends Error {
  override name = 'TooComplexError';
  constructor(readonly reason: string, readonly line: number) {
    super(`too complex: ${reason} (line ${line})`);
  }
}

export interface Complexity {
  line: number;
  reason: string;
}

/** The first limit the text breaks for its kind, if any. YAML kinds, Terraform and scripts are checked. */
export function tooComplex(kind: FileKind, text: string): Complexity | undefined {
  switch (kind) {
    case 'script':
      return shellTooComplex(text);
    case 'terraform':
      return nestingOver(text, LIMITS.terraformNesting, '{[(', '}])', 'Terraform');
    case 'manifest': case 'helm-template': case 'helm-values': case 'chart': case 'kustomization': case 'gitops': case 'ci':
      return yamlTooComplex(text);
    default:
      return undefined;
  }
}

/** Size, line length and nesting of one shell script. */
export function shellTooComplex(text: string): Complexity | undefined {
  if (text.length > LIMITS.shellBytes) return { line: 1, reason: `shell script longer than ${LIMITS.shellBytes / 1024} KB` };
  let line = 1;
  let lineStart = 0;
  // Opening characters still open, innermost last: ')' for `$(`/`(`, '}' for `${`/`{`, '`'.
  const open: string[] = [];
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      if (i - lineStart > LIMITS.shellLineBytes) return { line, reason: `shell line longer than ${LIMITS.shellLineBytes / 1024} KB` };
      line++;
      lineStart = i + 1;
      continue;
    }
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (quote === undefined && ch === "'") {
      quote = "'";
      continue;
    }
    if (quote === undefined && ch === '#' && (i === lineStart || /[\s;(|&]/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if (ch === '"') {
      quote = quote === '"' ? undefined : '"';
      continue;
    }
    // Closers only close their own opener: a stray `)` cannot hide an open `${`.
    if ((ch === ')' || ch === '}') && open[open.length - 1] === ch) open.pop();
    else if (ch === '`') {
      if (open[open.length - 1] === '`') open.pop();
      else open.push('`');
    } else if (ch === '(' || (ch === '$' && text[i + 1] === '(')) {
      if (ch === '$') i++;
      open.push(')');
    } else if (ch === '{' || (ch === '$' && text[i + 1] === '{')) {
      if (ch === '$') i++;
      open.push('}');
    } else continue;
    if (open.length > LIMITS.shellNesting) return { line, reason: `shell nesting deeper than ${LIMITS.shellNesting} levels` };
  }
  if (text.length - lineStart > LIMITS.shellLineBytes) return { line, reason: `shell line longer than ${LIMITS.shellLineBytes / 1024} KB` };
  return undefined;
}

/**
 * Flow nesting and indentation of YAML; a document separator starts over. Only a `[` or `{` where
 * a value starts opens a collection: `pr-${{ x }}` and quoted or block scalars hold plain text.
 */
function yamlTooComplex(text: string): Complexity | undefined {
  let line = 1;
  let depth = 0;
  let indent = 0;
  let atLineStart = true;
  // True where a value can start: line start, after `: `, `- `, `? `, `,` or an opener.
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      atLineStart = valueStart = true;
      indent = 0;
      if (/^(---|\.\.\.)(\s|$)/.test(text.slice(i + 1, i + 5))) depth = 0;
      continue;
    }
    if (atLineStart && ch === ' ') {
      if (++indent > LIMITS.yamlIndent) return { line, reason: `YAML indented more than ${LIMITS.yamlIndent} columns` };
      continue;
    }
    atLineStart = false;
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    const next = text[i + 1];
    const spaced = next === undefined || next === ' ' || next === '\n' || next === '\r' || next === '\t';
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      i = lineEnd(text, i) - 1;
    } else if (valueStart && (ch === '[' || ch === '{')) {
      if (++depth > LIMITS.yamlNesting) return { line, reason: `YAML nesting deeper than ${LIMITS.yamlNesting} levels` };
    } else if (valueStart && (ch === '"' || ch === "'")) {
      const end = quotedEnd(text, i);
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end;
      valueStart = false;
    } else if (valueStart && (ch === '|' || ch === '>')) {
      // A block scalar: its lines are more indented than the line that opened it.
      i = lineEnd(text, i);
      while (i < text.length) {
        const after = lineEnd(text, i + 1);
        const content = text.slice(i + 1, after);
        if (content.trim() !== '' && content.length - content.trimStart().length <= indent) break;
        line++;
        i = after;
      }
      i--;
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
      valueStart = false;
    } else if (ch === ',' && depth > 0) {
      valueStart = true;
    } else if ((ch === ':' || ((ch === '-' || ch === '?') && valueStart)) && spaced) {
      valueStart = true;
    } else {
      valueStart = false;
    }
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Index of the quote that closes the scalar opened at `start` (or the end of the text). */
function quotedEnd(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

function nestingOver(text: string, limit: number, openers: string, closers: string, what: string): Complexity | undefined {
  let line = 1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    else if (openers.includes(ch)) {
      if (++depth > limit) return { line, reason: `${what} nesting deeper than ${limit} levels` };
    } else if (closers.includes(ch) && depth > 0) depth--;
  }
  return undefined;
}
