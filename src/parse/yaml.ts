/**
 * YAML with positions. Every node keeps its source range; `line()` turns an offset into a 1-based
 * line. Parsing never throws: failures come back as `{ ok: false }` with the line and reason.
 */
import {
  Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit,
  type Node, type ParsedNode, YAMLMap, YAMLSeq, Scalar,
} from 'yaml';

export type YNode = ParsedNode | Node;

export interface YamlFile {
  text: string;
  docs: Document.Parsed[];
  lineCounter: LineCounter;
}

export type YamlParse = { ok: true; file: YamlFile } | { ok: false; line: number; reason: string };

/** More alias expansions than this in one document is treated as an alias bomb. */
const MAX_ALIAS_EXPANSIONS = 10_000;

export function parseYaml(text: string, options: { uniqueKeys?: boolean } = {}): YamlParse {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    // The library's own duplicate-key check is quadratic in the keys of a map (seconds for a large
    // ConfigMap); duplicates are checked below with a set per map instead.
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
  } catch (error) {
    return { ok: false, line: 1, reason: (error as Error).message };
  }
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for input without documents.
    docs = [];
  }
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) {
      const line = lineCounter.linePos(first.pos[0]).line;
      return { ok: false, line, reason: firstSentence(first.message) };
    }
    const problem = checkStructure(doc, options.uniqueKeys ?? true);
    if (problem) return { ok: false, line: lineCounter.linePos(problem.offset).line, reason: problem.reason };
  }
  return { ok: true, file: { text, docs, lineCounter } };
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * One pass over a document: duplicate keys (with a set per map; the library's own check is
 * quadratic) and, only when aliases exist, an alias-expansion count that stops alias bombs.
 */
function checkStructure(doc: Document.Parsed, uniqueKeys: boolean): { offset: number; reason: string } | undefined {
  let problem: { offset: number; reason: string } | undefined;
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      firstAlias ??= node.range?.[0] ?? 0;
    },
    Map(_key, map) {
      if (!uniqueKeys) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String((pair.key as Scalar).value);
        if (key === '<<') continue;
        if (seen.has(key)) {
          problem = { offset: (pair.key as Scalar).range?.[0] ?? 0, reason: `Map keys must be unique ("${key}" appears twice)` };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  if (problem || firstAlias === undefined) return problem;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
    return undefined;
  } catch {
    return { offset: firstAlias, reason: 'too many YAML alias expansions (possible alias bomb)' };
  }
}

/** Follows an alias to its anchored node (one level; anchors cannot point at aliases). */
export function deref(doc: Document.Parsed, node: unknown): YNode | undefined {
  if (isAlias(node)) return (node as Alias).resolve(doc) as YNode | undefined;
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
export function child(doc: Document.Parsed, map: YAMLMap | undefined, key: string): YNode | undefined {
  if (!map) return undefined;
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? String((pair.key as Scalar).value) : undefined;
    if (k === key) return deref(doc, pair.value);
  }
  for (const pair of map.items) {
    if (isScalar(pair.key) && (pair.key as Scalar).value === '<<') {
      const merged = asMap(doc, pair.value);
      if (merged && merged !== map) return child(doc, merged, key);
    }
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
