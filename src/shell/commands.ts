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
import { LIMITS, shellTooComplex, TooComplexError } from '../engine/limits.js';

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
  // One step budget for all the scripts of a file, as large as the largest script allowed.
  const bytes = sources.reduce((sum, s) => sum + s.text.length, 0);
  const parser = await openBashParser(Math.min(bytes, LIMITS.shellBytes));
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

/** Syntax tree nodes the walks visited so far, for tests that bound the work. */
export const shellWalkStats = { nodes: 0 };

/**
 * Work items of the walk, run from a stack: syntax trees of hostile input are deep (3,000
 * nested `$(`, or 20,000 `&&` that the grammar nests one inside the other), so no recursion.
 */
type Task =
  | { walk: Node; scope: Scope }
  | { nestedIn: Node }
  | { then: () => void };

function extract(parser: BashParser, text: string, raw: string, lineOf: (row: number) => number, depth: number): ShellScript {
  const complex = shellTooComplex(text);
  if (complex) throw new TooComplexError(complex.reason, lineOf(complex.line - 1));
  const commands: ShellCommand[] = [];
  const assignments: ShellAssignment[] = [];
  const functions = new Map<string, ShellCommand[]>();
  const source = raw.length === text.length ? raw : text;
  let tree;
  try {
    tree = parser.parse(text);
  } catch (error) {
    // The parser knows no file lines: point at the script's first line.
    if (error instanceof TooComplexError) throw new TooComplexError(error.reason, lineOf(0));
    throw error;
  }
  const stack: Task[] = [];
  try {
    run({ walk: tree.rootNode, scope: {} });
  } finally {
    tree.delete();
  }
  return { commands, assignments, functions };

  /** Runs `first` and everything it schedules; tasks pushed by one step run in the order given. */
  function run(first: Task): void {
    stack.push(first);
    while (stack.length > 0) {
      const task = stack.pop()!;
      if ('then' in task) task.then();
      else if ('walk' in task) walk(task.walk, task.scope);
      else walkNested(task.nestedIn);
    }
  }

  /** Schedules tasks to run next, in the order given. */
  function schedule(...tasks: Task[]): void {
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i]!);
  }

  function word(node: Node): ShellWord {
    const masked = wordValue(node, text);
    const original = wordValue(node, source);
    return { value: masked.value, raw: original.value, dynamic: masked.dynamic || masked.value !== original.value, line: lineOf(node.startPosition.row) };
  }

  function walk(node: Node, scope: Scope): void {
    shellWalkStats.nodes++;
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
        const name = node.childForFieldName('name')?.text;
        return schedule(...childWalks(node, {}), { then: () => { if (name) functions.set(name, commands.slice(start)); } });
      }
      case 'command_substitution':
      case 'process_substitution':
        return schedule(...childWalks(node, {}));
      default:
        return schedule(...childWalks(node, { pipeline: scope.pipeline, stage: scope.stage }));
    }
  }

  function childWalks(node: Node, scope: Scope): Task[] {
    return node.children.filter((c): c is Node => c !== null).map((child) => ({ walk: child, scope }));
  }

  /**
   * The grammar sometimes nests `a | b | c` as `a | (b | c)` (with a heredoc on the next line):
   * a pipeline in the last stage of another continues it.
   */
  function visitPipeline(stages: Node[], scope: Scope, first?: Node): void {
    const pipeline: ShellPipeline = scope.tail && scope.pipeline ? scope.pipeline : { commands: [] };
    const base = scope.tail && scope.stage !== undefined ? scope.stage : 0;
    const all = first ? [first, ...stages] : stages;
    schedule(...all.map((stage, index): Task => ({ walk: stage, scope: { pipeline, stage: base + index, tail: index === all.length - 1 } })));
  }

  function visitRedirected(node: Node, scope: Scope): void {
    const body = node.childForFieldName('body') ?? node.namedChild(0);
    let stdout: string | undefined;
    const continued: Node[] = [];
    const tasks: Task[] = [];
    for (const child of node.namedChildren) {
      if (!child || (body && child.equals(body))) continue;
      if (child.type === 'file_redirect') stdout = redirectTarget(child) ?? stdout;
      if (child.type === 'heredoc_redirect') {
        // `cat <<EOF | kubectl apply -f -`: the grammar hangs the pipeline off the heredoc.
        for (const part of child.namedChildren) {
          if (part && part.type === 'pipeline') continued.push(...part.namedChildren.filter(isStage));
          else if (part && !['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(part.type)) tasks.push({ walk: part, scope: {} });
        }
      }
    }
    if (body && continued.length > 0) tasks.push({ then: () => visitPipeline(continued, scope, body) });
    else if (body) tasks.push({ walk: body, scope: body.type === 'command' ? { ...scope, stdout } : scope });
    schedule(...tasks);
  }

  function redirectTarget(redirect: Node): string | undefined {
    const descriptor = redirect.namedChildren.find((c) => c?.type === 'file_descriptor');
    const operator = redirect.children.find((c) => c && !c.isNamed)?.text ?? '';
    if (descriptor && descriptor.text !== '1') return undefined;
    if (!['>', '>>', '&>', '&>>', '>|'].includes(operator)) return undefined;
    const target = redirect.childForFieldName('destination') ?? redirect.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    return target ? word(target).value : undefined;
  }

  /** Commands in the value's `$(...)` run first; the assignment is ordered after them. */
  function visitAssignment(node: Node): void {
    schedule({ nestedIn: node }, { then: () => assignments.push(assignmentOf(node)) });
  }

  function assignmentOf(node: Node): ShellAssignment {
    const name = node.childForFieldName('name')?.text ?? node.namedChild(0)?.text ?? '';
    const valueNode = node.childForFieldName('value');
    const value = valueNode ? word(valueNode) : undefined;
    return { name, value: value?.value ?? '', raw: value?.raw ?? '', line: lineOf(node.startPosition.row), before: commands.length };
  }

  /** Commands inside `$(...)` of a word run before the command that uses the word. */
  function walkNested(node: Node): void {
    shellWalkStats.nodes++;
    const tasks: Task[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'command_substitution' || child.type === 'process_substitution') tasks.push({ walk: child, scope: {} });
      else if (child.childCount > 0) tasks.push({ nestedIn: child });
    }
    schedule(...tasks);
  }

  function visitCommand(node: Node, scope: Scope, from = 0): void {
    const env: Record<string, string> = {};
    const words: ShellWord[] = [];
    const nodes: Node[] = [];
    /** Nodes whose `$(...)` run before this command: assignments, then words. */
    const before: Task[] = [];
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
        before.push({ nestedIn: child });
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
    for (const n of nodes) if (n !== script) before.push({ nestedIn: n });
    const after = (): void => {
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
    };
    schedule(...before, { then: after });
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
