/** The value a shell word has once quotes are removed; expansions stay as written. */
import type { Node } from 'web-tree-sitter';

/** Node types whose value is only known at run time. */
const EXPANSIONS = new Set([
  'simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'process_substitution',
]);

export interface WordValue {
  value: string;
  /** The word contains a variable, command substitution or other expansion. */
  dynamic: boolean;
}

/**
 * Unquoted value of a word node. `source` is the text the tree was parsed from, or another text
 * of the same length at the same offsets (the unmasked original of a masked script).
 */
export function wordValue(node: Node, source: string): WordValue {
  const state = { dynamic: false };
  const value = valueOf(node, source, state);
  return { value, dynamic: state.dynamic };
}

function slice(node: Node, source: string): string {
  return source.slice(node.startIndex, node.endIndex);
}

function valueOf(node: Node, source: string, state: { dynamic: boolean }): string {
  if (EXPANSIONS.has(node.type)) {
    state.dynamic = true;
    return slice(node, source);
  }
  switch (node.type) {
    case 'word':
      return slice(node, source).replace(/\\(.)/gs, (_m, c: string) => (c === '\n' ? '' : c));
    case 'raw_string':
      return slice(node, source).slice(1, -1);
    case 'ansi_c_string':
      return slice(node, source).slice(2, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1');
    case 'string':
    case 'translated_string': {
      let out = '';
      let cursor = node.startIndex + (node.type === 'translated_string' ? 2 : 1);
      const end = node.endIndex - 1;
      for (const part of node.namedChildren) {
        if (!part) continue;
        out += unescapeDouble(source.slice(cursor, part.startIndex));
        out += part.type === 'string_content' ? unescapeDouble(slice(part, source)) : valueOf(part, source, state);
        cursor = part.endIndex;
      }
      if (cursor < end) out += unescapeDouble(source.slice(cursor, end));
      return out;
    }
    case 'concatenation':
      return node.children.map((c) => (c ? valueOf(c, source, state) : '')).join('');
    default:
      if (node.childCount === 0) return slice(node, source);
      return node.children.map((c) => (c ? valueOf(c, source, state) : '')).join('');
  }
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, `\` and a newline. */
export function unescapeDouble(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}
