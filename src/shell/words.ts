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

/**
 * The value of a node, built from a stack rather than by recursion: a word of hostile input can
 * nest thousands of levels deep. A task is a node to read, or text already read.
 */
function valueOf(root: Node, source: string, state: { dynamic: boolean }): string {
  let out = '';
  const stack: Array<Node | string> = [root];
  const later = (parts: Array<Node | string>): void => {
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      out += node;
      continue;
    }
    if (EXPANSIONS.has(node.type)) {
      state.dynamic = true;
      out += slice(node, source);
      continue;
    }
    switch (node.type) {
      case 'word':
        out += slice(node, source).replace(/\\(.)/gs, (_m, c: string) => (c === '\n' ? '' : c));
        break;
      case 'raw_string':
        out += slice(node, source).slice(1, -1);
        break;
      case 'ansi_c_string':
        out += slice(node, source).slice(2, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1');
        break;
      case 'string':
      case 'translated_string': {
        const parts: Array<Node | string> = [];
        let cursor = node.startIndex + (node.type === 'translated_string' ? 2 : 1);
        const end = node.endIndex - 1;
        for (const part of node.namedChildren) {
          if (!part) continue;
          parts.push(unescapeDouble(source.slice(cursor, part.startIndex)));
          parts.push(part.type === 'string_content' ? unescapeDouble(slice(part, source)) : part);
          cursor = part.endIndex;
        }
        if (cursor < end) parts.push(unescapeDouble(source.slice(cursor, end)));
        later(parts);
        break;
      }
      default:
        // Concatenations and anything else: the children's values in order; a leaf is its text.
        if (node.childCount === 0) out += slice(node, source);
        else later(node.children.filter((c): c is Node => c !== null));
    }
  }
  return out;
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, `\` and a newline. */
export function unescapeDouble(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}
