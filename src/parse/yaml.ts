/**
 * YAML with positions. Every node keeps its source range; `line()` turns an offset into a 1-based
 * line. Parsing never throws: failures come back as `{ ok: false }` with the line and reason.
 */
import {
  Alias, Composer, Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Parser, visit,
  type Node, type ParsedNode, YAMLMap, YAMLSeq, Scalar,
} from 'yaml';

export type YNode = ParsedNode | Node;

export interface YamlFile {
  text: string;
  /** The documents that parse; broken ones are left out and listed in `broken`. */
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  /** Documents of a multi-document stream that do not parse, with where and why. */
  broken?: Array<{ line: number; reason: string }>;
}

export type YamlParse = { ok: true; file: YamlFile } | { ok: false; line: number; reason: string };

/**
 * More alias expansions than this in one document is treated as an alias bomb: every alias counts
 * once for each time a walk of the expanded document would reach it.
 */
const MAX_ALIAS_EXPANSIONS = 10_000;

export function parseYaml(text: string, options: { uniqueKeys?: boolean } = {}): YamlParse {
  const lineCounter = new LineCounter();
  // One broken document must not hide the others: a pull request could add `--- [` to a file
  // to silence every finding in it. Broken documents are reported; the rest are reviewed.
  const good: Document.Parsed[] = [];
  const broken: NonNullable<YamlFile['broken']> = [];
  try {
    for (const item of yamlDocuments(text, lineCounter, options)) {
      if ('doc' in item) good.push(item.doc);
      else broken.push(item.broken);
    }
  } catch (error) {
    return { ok: false, line: 1, reason: (error as Error).message };
  }
  if (good.length === 0 && broken.length > 0) return { ok: false, line: broken[0]!.line, reason: broken[0]!.reason };
  return { ok: true, file: { text, docs: good, lineCounter, broken } };
}

/** A document of a stream: one that parses and is sound, or where and why one is broken. */
export type YamlDocument = { doc: Document.Parsed } | { broken: { line: number; reason: string } };

/**
 * The documents of a YAML stream one at a time, as parseAllDocuments would list them, checked
 * (duplicate keys, alias bombs) as they come. A caller that drops each document after use keeps
 * one document's tree alive instead of the whole file's: on a 1 MB file of small documents the
 * parse takes about 40% less time (the trees die young) and a fraction of the memory.
 * `lineCounter` learns the lines as the parser goes: a document's offsets are known once it is yielded.
 * May throw (the library's own failure); parseYaml turns that into a parse error.
 */
export function* yamlDocuments(text: string, lineCounter: LineCounter, options: { uniqueKeys?: boolean } = {}): Generator<YamlDocument> {
  // The library's own duplicate-key check is quadratic in the keys of a map (seconds for a large
  // ConfigMap); duplicates are checked with a set per map instead (checkStructure).
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false });
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text)) as Iterable<Document.Parsed>) {
    const first = doc.errors[0];
    if (first) {
      yield { broken: { line: lineCounter.linePos(first.pos[0]).line, reason: firstSentence(first.message) } };
      continue;
    }
    const problem = checkStructure(doc, options.uniqueKeys ?? true);
    if (problem) yield { broken: { line: lineCounter.linePos(problem.offset).line, reason: problem.reason } };
    else yield { doc };
  }
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * One pass over a document: duplicate keys (with a set per map; the library's own check is
 * quadratic) and, only when aliases exist, an alias-expansion count that stops alias bombs.
 */
function checkStructure(doc: Document.Parsed, uniqueKeys: boolean): { offset: number; reason: string } | undefined {
  let firstAlias: number | undefined;
  // Depth first, each node before what it holds (as the library's visit goes), without visit's
  // bookkeeping of paths and replacements: this walk runs on every document of every manifest.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      firstAlias ??= node.range?.[0] ?? 0;
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    } else if (isMap(node) || isSeq(node)) {
      if (uniqueKeys && isMap(node)) {
        const duplicate = duplicateKey(node as YAMLMap);
        if (duplicate) return duplicate;
      }
      const items = (node as YAMLMap | YAMLSeq).items;
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
    }
  }
  return firstAlias === undefined ? undefined : checkAliases(doc, firstAlias);
}

/** The second occurrence of a key in a map, found with a set (the library's own check is quadratic). */
function duplicateKey(map: YAMLMap): { offset: number; reason: string } | undefined {
  const seen = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String((pair.key as Scalar).value);
    if (key === '<<') continue;
    if (seen.has(key)) return { offset: (pair.key as Scalar).range?.[0] ?? 0, reason: `Map keys must be unique ("${key}" appears twice)` };
    seen.add(key);
  }
  return undefined;
}

/**
 * Aliases the way Kubernetes' YAML reader sees them: an anchor whose value contains an alias to
 * itself is an error there ("anchor value contains itself"), and a walk over it would never end;
 * more than MAX_ALIAS_EXPANSIONS expansions of the whole document is an alias bomb. One pass,
 * each collection counted once (memoised), so the check itself stays linear.
 */
function checkAliases(doc: Document.Parsed, firstAlias: number): { offset: number; reason: string } | undefined {
  const targets = aliasTargets(doc);
  const memo = new Map<unknown, number>();
  const onPath = new Set<unknown>();
  let problem: { offset: number; reason: string } | undefined;
  const expansions = (node: unknown): number => {
    if (problem) return 0;
    if (isAlias(node)) {
      const target = targets.get(node as Alias);
      if (target === undefined) return 1;
      if (onPath.has(target)) {
        problem = { offset: (node as Alias).range?.[0] ?? 0, reason: `YAML anchor "${(node as Alias).source}" contains an alias to itself` };
        return 0;
      }
      return 1 + expansions(target);
    }
    if (isPair(node)) return expansions(node.key) + expansions(node.value);
    if (!isMap(node) && !isSeq(node)) return 0;
    const known = memo.get(node);
    if (known !== undefined) return known;
    onPath.add(node);
    let total = 0;
    for (const item of (node as YAMLMap | YAMLSeq).items) {
      total += expansions(item);
      if (problem || total > MAX_ALIAS_EXPANSIONS) break;
    }
    onPath.delete(node);
    memo.set(node, total);
    return total;
  };
  const total = expansions(doc.contents);
  if (problem) return problem;
  if (total > MAX_ALIAS_EXPANSIONS) {
    return { offset: firstAlias, reason: 'too many YAML alias expansions (possible alias bomb)' };
  }
  return undefined;
}

/**
 * The anchored node of every alias of a document, found in one pass (an alias names the last
 * anchor before it, as the library's own `resolve` does; that one searches the whole document for
 * every alias, which is quadratic in the number of aliases).
 */
const TARGETS = new WeakMap<Document, Map<Alias, YNode | undefined>>();

function aliasTargets(doc: Document.Parsed): Map<Alias, YNode | undefined> {
  let targets = TARGETS.get(doc);
  if (targets) return targets;
  targets = new Map();
  const anchors = new Map<string, YNode>();
  const found = targets;
  visit(doc, (_key, node) => {
    if (isAlias(node)) found.set(node, anchors.get(node.source));
    else if (isNode(node) && node.anchor) anchors.set(node.anchor, node as YNode);
  });
  TARGETS.set(doc, targets);
  return targets;
}

/** Follows an alias to its anchored node (one level; anchors cannot point at aliases). */
export function deref(doc: Document.Parsed, node: unknown): YNode | undefined {
  if (isAlias(node)) {
    const targets = aliasTargets(doc);
    return targets.has(node as Alias) ? targets.get(node as Alias) : (node as Alias).resolve(doc) as YNode | undefined;
  }
  return node as YNode | undefined;
}

export function asMap(doc: Document.Parsed, node: unknown): YAMLMap | undefined {
  const n = deref(doc, node);
  return isMap(n) ? (n as YAMLMap) : undefined;
}

export function asSeq(doc: Document.Parsed, node: unknown): YAMLSeq | undefined {
  const n = deref(doc, node);
  return isSeq(n) ? (n as YAMLSeq) : undefined;
}

/** The value node under `key` of a map, following aliases and `<<` merge keys. */
export function child(doc: Document.Parsed, map: YAMLMap | undefined, key: string, seen?: Set<YAMLMap>): YNode | undefined {
  if (!map) return undefined;
  // One pass (rules ask for absent keys all the time): the key, else the merge keys seen.
  let merges: unknown[] | undefined;
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const value = (pair.key as Scalar).value;
    if (value === key || (typeof value !== 'string' && String(value) === key)) return deref(doc, pair.value);
    if (value === '<<') (merges ??= []).push(pair.value);
  }
  for (const merge of merges ?? []) {
    const merged = asMap(doc, merge);
    // Maps merging one another would otherwise be searched forever.
    const visited = seen ?? new Set([map]);
    if (merged && !visited.has(merged)) return child(doc, merged, key, visited.add(merged));
  }
  return undefined;
}

/** The key node of `key` in a map, used to anchor findings on `key:` lines. */
export function keyNode(map: YAMLMap | undefined, key: string): YNode | undefined {
  if (!map) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && String((pair.key as Scalar).value) === key) return pair.key as YNode;
  }
  return undefined;
}

export function getPath(doc: Document.Parsed, node: YNode | undefined, path: readonly string[]): YNode | undefined {
  let current: YNode | undefined = node;
  for (const key of path) {
    current = child(doc, asMap(doc, current), key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** A scalar's value as a string (numbers and booleans too), or undefined for other nodes. */
export function scalarString(doc: Document.Parsed, node: unknown): string | undefined {
  const n = deref(doc, node);
  if (!isScalar(n)) return undefined;
  const value = (n as Scalar).value;
  if (value === null || value === undefined) return undefined;
  return String(value);
}

export function isNullNode(doc: Document.Parsed, node: unknown): boolean {
  const n = deref(doc, node);
  return n === undefined || n === null || (isScalar(n) && (n as Scalar).value === null);
}

export function range(node: YNode | undefined): [number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** 1-based first and last line of a node. Trailing newlines do not count as a line. */
export function lineSpan(file: YamlFile, node: YNode | undefined): [number, number] | undefined {
  const r = range(node);
  if (!r) return undefined;
  const start = file.lineCounter.linePos(r[0]).line;
  let endOffset = r[1];
  while (endOffset > r[0] && /\s/.test(file.text[endOffset - 1] ?? '')) endOffset--;
  const end = file.lineCounter.linePos(Math.max(r[0], endOffset - 1)).line;
  return [start, Math.max(start, end)];
}

export { isMap, isSeq, isScalar, YAMLMap, YAMLSeq, Scalar };
