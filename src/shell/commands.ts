/**
 * Finds the commands of a shell script with tree-sitter-bash. A command is a command: words in
 * strings, comments, heredoc bodies and the arguments of `echo` are not. Commands behind
 * wrappers, in `$(...)`, in `if`/`for`/`while` bodies, functions and `sh -c '...'` strings are.
 */
import type { Node } from 'web-tree-sitter';
import { openBashParser, type BashParser } from './parser.js';
import type { ShellAssignment, ShellCommand, ShellPipeline, ShellScript, ShellWord } from './script.js';
import { unescapeDouble, wordValue } from './words.js';
import { commandName, scriptArgument, unwrap } from './wrappers.js';

export interface ShellSource {
  /** Text to parse (CI expressions already masked). */
  text: string;
  /** Original text of the same length, for `ShellWord.raw`; defaults to `text`. */
  raw?: string;
  /** 1-based file line of a 0-based row of `text`; defaults to row + 1. */
  lineOf?: (row: number) => number;
}

/** `sh -c` strings inside `sh -c` strings: deeper nesting is not worth following. */
const MAX_DEPTH = 4;

/** Parses several sources with one parser (the CI steps of a file). */
export async function parseShellSources(sources: readonly ShellSource[]): Promise<ShellScript[]> {
  const parser = await openBashParser();
  try {
    // A carriage return before a newline (CRLF files) would stick to the last word of each line;
    // it becomes a space (before the backslash of a line continuation), so offsets stay put.
    const crlf = (t: string): string => t.replace(/\\\r\n/g, ' \\\n').replace(/\r(?=\n)/g, ' ');
    return sources.map((s) => extract(parser, crlf(s.text), crlf(s.raw ?? s.text), s.lineOf ?? ((row) => row + 1), 0));
  } finally {
    parser.close();
  }
}

export async function parseShell(source: ShellSource | string): Promise<ShellScript> {
  const [script] = await parseShellSources([typeof source === 'string' ? { text: source } : source]);
  return script!;
}

interface Scope {
  pipeline?: ShellPipeline;
  stage?: number;
  stdout?: string;
  /** Walking the last stage of a pipeline: a pipeline found here continues it. */
  tail?: boolean;
}

function extract(parser: BashParser, text: string, raw: string, lineOf: (row: number) => number, depth: number): ShellScript {
  const commands: ShellCommand[] = [];
  const assignments: ShellAssignment[] = [];
  const functions = new Map<string, ShellCommand[]>();
  const source = raw.length === text.length ? raw : text;
  const tree = parser.parse(text);
  try {
    walk(tree.rootNode, {});
  } finally {
    tree.delete();
  }
  return { commands, assignments, functions };

  function word(node: Node): ShellWord {
    const masked = wordValue(node, text);
    const original = wordValue(node, source);
    return { value: masked.value, raw: original.value, dynamic: masked.dynamic || masked.value !== original.value, line: lineOf(node.startPosition.row) };
  }

  function walk(node: Node, scope: Scope): void {
    switch (node.type) {
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return;
      case 'command':
        return visitCommand(node, scope);
      case 'variable_assignment':
        return visitAssignment(node);
      case 'pipeline':
        return visitPipeline(node.namedChildren.filter(isStage), scope.tail ? scope : {});
      case 'redirected_statement':
        return visitRedirected(node, scope);
      case 'function_definition': {
        const start = commands.length;
        walkChildren(node, {});
        const name = node.childForFieldName('name')?.text;
        if (name) functions.set(name, commands.slice(start));
        return;
      }
      case 'command_substitution':
      case 'process_substitution':
        return walkChildren(node, {});
      default:
        return walkChildren(node, { pipeline: scope.pipeline, stage: scope.stage });
    }
  }

  function walkChildren(node: Node, scope: Scope): void {
    for (const child of node.children) if (child) walk(child, scope);
  }

  /**
   * The grammar sometimes nests `a | b | c` as `a | (b | c)` (with a heredoc on the next line):
   * a pipeline in the last stage of another continues it.
   */
  function visitPipeline(stages: Node[], scope: Scope, first?: Node): void {
    const pipeline: ShellPipeline = scope.tail && scope.pipeline ? scope.pipeline : { commands: [] };
    const base = scope.tail && scope.stage !== undefined ? scope.stage : 0;
    const all = first ? [first, ...stages] : stages;
    all.forEach((stage, index) => walk(stage, { pipeline, stage: base + index, tail: index === all.length - 1 }));
  }

  function visitRedirected(node: Node, scope: Scope): void {
    const body = node.childForFieldName('body') ?? node.namedChild(0);
    let stdout: string | undefined;
    const continued: Node[] = [];
    for (const child of node.namedChildren) {
      if (!child || (body && child.equals(body))) continue;
      if (child.type === 'file_redirect') stdout = redirectTarget(child) ?? stdout;
      if (child.type === 'heredoc_redirect') {
        // `cat <<EOF | kubectl apply -f -`: the grammar hangs the pipeline off the heredoc.
        for (const part of child.namedChildren) {
          if (part && part.type === 'pipeline') continued.push(...part.namedChildren.filter(isStage));
          else if (part && !['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(part.type)) walk(part, {});
        }
      }
    }
    if (!body) return;
    if (continued.length > 0) return visitPipeline(continued, scope, body);
    walk(body, body.type === 'command' ? { ...scope, stdout } : scope);
  }

  function redirectTarget(redirect: Node): string | undefined {
    const descriptor = redirect.namedChildren.find((c) => c?.type === 'file_descriptor');
    const operator = redirect.children.find((c) => c && !c.isNamed)?.text ?? '';
    if (descriptor && descriptor.text !== '1') return undefined;
    if (!['>', '>>', '&>', '&>>', '>|'].includes(operator)) return undefined;
    const target = redirect.childForFieldName('destination') ?? redirect.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    return target ? word(target).value : undefined;
  }

  function visitAssignment(node: Node): void {
    assignments.push(assignmentOf(node));
  }

  function assignmentOf(node: Node): ShellAssignment {
    walkNested(node);
    const name = node.childForFieldName('name')?.text ?? node.namedChild(0)?.text ?? '';
    const valueNode = node.childForFieldName('value');
    const value = valueNode ? word(valueNode) : undefined;
    return { name, value: value?.value ?? '', raw: value?.raw ?? '', line: lineOf(node.startPosition.row), before: commands.length };
  }

  /** Commands inside `$(...)` of a word run before the command that uses the word. */
  function walkNested(node: Node): void {
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'command_substitution' || child.type === 'process_substitution') walk(child, {});
      else if (child.childCount > 0) walkNested(child);
    }
  }

  function visitCommand(node: Node, scope: Scope, from = 0): void {
    const env: Record<string, string> = {};
    const words: ShellWord[] = [];
    const nodes: Node[] = [];
    let stdout = scope.stdout;
    const children = node.namedChildren.filter((c): c is Node => c !== null);
    let rest: number | undefined;
    for (let i = from; i < children.length; i++) {
      const child = children[i]!;
      // The grammar can run a command on into the next line (before a heredoc); an unescaped newline ends it.
      const previous = children[i - 1];
      if (i > from && previous && child.startPosition.row > previous.endPosition.row && !text.slice(previous.endIndex, child.startIndex).includes('\\\n')) {
        rest = i;
        break;
      }
      if (child.type === 'variable_assignment') {
        const a = assignmentOf(child);
        env[a.name] = a.value;
      } else if (child.type === 'file_redirect') {
        stdout = redirectTarget(child) ?? stdout;
      } else if (child.type === 'herestring_redirect' || child.type === 'heredoc_redirect') {
        continue;
      } else {
        const target = child.type === 'command_name' ? (child.namedChild(0) ?? child) : child;
        words.push(word(target));
        nodes.push(target);
      }
    }
    const unwrapped = unwrap(words.map((w) => w.value));
    const argvWords = unwrapped.indices.map((i) => words[i]!);
    const scriptIndex = scriptArgument(argvWords);
    const script = scriptIndex !== undefined ? nodes[unwrapped.indices[scriptIndex]!] : undefined;
    for (const n of nodes) if (n !== script) walkNested(n);
    if (argvWords.length > 0) {
      const first = argvWords[0]!;
      const command: ShellCommand = {
        name: first.dynamic ? '' : commandName(first.value),
        argv: argvWords.map((w) => w.value),
        words: argvWords,
        wrappers: unwrapped.wrappers,
        env: { ...env, ...unwrapped.env },
        line: lineOf(from > 0 ? children[from]!.startPosition.row : node.startPosition.row),
        endLine: lineOf(rest !== undefined ? endRow(children[rest - 1]!) : endRow(node)),
      };
      if (scope.pipeline) {
        command.pipeline = scope.pipeline;
        command.stage = scope.stage;
        scope.pipeline.commands.push(command);
      }
      if (stdout !== undefined) command.stdout = stdout;
      commands.push(command);
    }
    if (script && depth < MAX_DEPTH) nested(script);
    if (rest !== undefined) visitCommand(node, {}, rest);
  }

  function nested(node: Node): void {
    const row = node.startPosition.row;
    const inner = scriptText(node, text);
    const innerRaw = scriptText(node, source);
    const result = extract(parser, inner, innerRaw, (r) => lineOf(row + r), depth + 1);
    const offset = commands.length;
    commands.push(...result.commands);
    result.functions.forEach((body, name) => functions.set(name, [...body]));
    assignments.push(...result.assignments.map((a) => ({ ...a, before: a.before + offset })));
  }
}

/** The text a shell runs for a `-c` argument, keeping its line breaks so lines map back. */
function scriptText(node: Node, source: string): string {
  const text = source.slice(node.startIndex, node.endIndex);
  if (node.type === 'raw_string') return text.slice(1, -1);
  // Keep `\` + newline: the inner shell reads it as a line continuation, and rows stay aligned.
  if (node.type === 'string') return unescapeDouble(text.slice(1, -1).replace(/\\\n/g, '\\\\\n'));
  return text;
}

function endRow(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

function isStage(node: Node | null): node is Node {
  return node !== null && node.type !== 'comment';
}
