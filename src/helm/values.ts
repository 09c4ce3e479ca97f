/**
 * Resolves the Helm actions of a template scalar against the chart's default values and its
 * Chart.yaml: `"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"`
 * becomes `grafana/loki:2.9.3`, and each piece remembers the values line it came from.
 * Only plain value references and a few pure functions are evaluated; `include`, variables,
 * `.Release` and anything else make the whole scalar unknown, never a guess.
 */
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { asMap, child, range, type YNode } from '../parse/yaml.js';
import { templateActions } from '../parse/helm-mask.js';
import { chartFileOf, chartYamlAt } from './chart.js';
import { pushTo, sharedIndex } from '../engine/context.js';

/** The first helm-values file named values.yaml or values.yml in each folder; once per run. */
function defaultValuesByFolder(allFiles: readonly ParsedFile[]): ReadonlyMap<string, ParsedFile> {
  return sharedIndex(allFiles, 'helm:default-values-by-folder', (files) => {
    const out = new Map<string, ParsedFile>();
    for (const f of files) {
      if (f.kind !== 'helm-values' || !/^values\.ya?ml$/.test(posix.basename(f.path))) continue;
      const dir = posix.normalize(posix.dirname(f.path));
      if (!out.has(dir)) out.set(dir, f);
    }
    return out;
  });
}

/**
 * Helm templates under `<root>/templates/`, by root, in file order; once per run. A file is
 * listed under every root its path allows (`a/templates/b/templates/x.yaml`: `a` and `a/templates/b`).
 */
function templatesByRoot(allFiles: readonly ParsedFile[]): ReadonlyMap<string, ParsedFile[]> {
  return sharedIndex(allFiles, 'helm:templates-by-root', (files) => {
    const out = new Map<string, ParsedFile[]>();
    for (const f of files) {
      if (f.kind !== 'helm-template') continue;
      if (f.path.startsWith('templates/')) pushTo(out, '.', f);
      for (let at = f.path.indexOf('/templates/'); at >= 0; at = f.path.indexOf('/templates/', at + 1)) pushTo(out, f.path.slice(0, at), f);
    }
    return out;
  });
}

/** Where a resolved piece came from: a node of a values file or of Chart.yaml. */
export interface ValueSource {
  file: ParsedFile;
  node: YNode;
  /** `image.tag`, or `Chart.appVersion`. */
  path: string;
}

export interface Piece {
  text: string;
  /** Absent for literal template text. */
  source?: ValueSource;
  /** The action printed nothing (an unset value): the result is incomplete. */
  empty?: boolean;
}

export interface Resolved {
  text: string;
  pieces: Piece[];
}

export interface Chart {
  root: string;
  values?: ParsedFile;
  chartYaml?: ParsedFile;
}

/** The chart of a template or default values file, with the files that resolution reads. */
export function chartOf(file: ParsedFile, allFiles: readonly ParsedFile[]): Chart | undefined {
  const place = chartFileOf(file, allFiles);
  if (!place) return undefined;
  const values = defaultValuesByFolder(allFiles).get(posix.normalize(place.root));
  return { root: place.root, values, chartYaml: chartYamlAt(place.root, allFiles) };
}

/** The templates of a chart among the files of the change and its context. */
export function templatesOf(chart: Chart, allFiles: readonly ParsedFile[]): ParsedFile[] {
  return templatesByRoot(allFiles).get(chart.root) ?? [];
}

/**
 * The rendered text of a template scalar, or undefined when any part of it is unknown. Masked
 * templates lose their action text, so it is read back from the original at the node's offsets.
 */
export function resolveScalar(file: ParsedFile, node: YNode | undefined, chart: Chart): Resolved | undefined {
  const r = range(node);
  if (!r || !isScalar(node)) return undefined;
  const type = (node as Scalar).type;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') return undefined;
  let source = file.text.slice(r[0], r[1]).trim();
  if ((type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') && source.length >= 2) source = source.slice(1, -1);
  return resolveText(source, chart);
}

/** Resolves template text such as `{{ .Values.repo }}:{{ .Values.tag }}`. */
export function resolveText(source: string, chart: Chart): Resolved | undefined {
  const pieces: Piece[] = [];
  let last = 0;
  let trimNext = false;
  for (const { start, end } of templateActions(source)) {
    // `{{- x -}}`: the dashes trim the text around the action (a dash may not serve both sides).
    let inner = source.slice(start + 2, end - 2);
    const trimBefore = inner.startsWith('-');
    if (trimBefore) inner = inner.slice(1);
    const trimAfter = inner.endsWith('-');
    if (trimAfter) inner = inner.slice(0, -1);
    let literal = source.slice(last, start);
    if (trimNext) literal = literal.trimStart();
    if (trimBefore) literal = literal.trimEnd();
    if (literal) pieces.push({ text: literal });
    const value = evaluate(inner.trim(), chart);
    if (value === UNKNOWN) return undefined;
    const text = printed(value.value);
    if (text === undefined) return undefined;
    pieces.push({ text, source: value.source, empty: text === '' || undefined });
    last = end;
    trimNext = trimAfter;
  }
  let tail = source.slice(last);
  if (trimNext) tail = tail.trimStart();
  if (tail) pieces.push({ text: tail });
  return { text: pieces.map((p) => p.text).join(''), pieces };
}

/** The value at a `.Values` path in the chart's default values, with its node. */
function lookupValue(chart: Chart, path: readonly string[]): Value | typeof UNKNOWN {
  const doc = chart.values?.yaml?.docs[0];
  if (!chart.values || !doc) return UNKNOWN;
  let node: YNode | undefined = doc.contents as YNode;
  for (const key of path) {
    node = child(doc, asMap(doc, node), key);
    // Globals may come from a parent chart: a missing one is unknown, not empty.
    if (node === undefined) return path[0] === 'global' ? UNKNOWN : { value: null };
  }
  const source: ValueSource = { file: chart.values, node: node!, path: path.join('.') };
  if (isScalar(node)) return { value: (node as Scalar).value, source };
  if (isMap(node) || isSeq(node)) return { value: node.items.length > 0 ? COLLECTION : '', source };
  return { value: null, source };
}

const UNKNOWN = Symbol('unknown');
/** A map or list value: truthy for `default`, but not printable. */
const COLLECTION = Symbol('collection');

interface Value {
  value: unknown;
  source?: ValueSource;
}

/** Go template's printing of a value; maps and lists are not printed here. */
function printed(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (value === COLLECTION) return undefined;
  return String(value);
}

/** Helm's `default`: empty strings, nil, false, zero and empty collections count as unset. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === false || value === 0;
}

type Token = { type: 'string'; text: string } | { type: 'word'; text: string } | { type: '(' | ')' | '|' };

function tokenize(action: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([()|])|([^\s()|"`]+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(action)) !== null && m[0].length > 0) {
    if (m[1] !== undefined) tokens.push({ type: 'string', text: m[1].replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) tokens.push({ type: 'string', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ type: m[3] as '(' | ')' | '|' });
    else tokens.push({ type: 'word', text: m[4]! });
    if (re.lastIndex >= action.length) break;
  }
  return re.lastIndex >= action.length || action.trim() === '' ? tokens : undefined;
}

const FUNCTIONS = new Set(['default', 'quote', 'squote', 'toString', 'trim', 'coalesce', 'printf', 'required']);

function evaluate(action: string, chart: Chart): Value | typeof UNKNOWN {
  if (action.startsWith('/*')) return UNKNOWN;
  const tokens = tokenize(action);
  if (!tokens || tokens.length === 0) return UNKNOWN;
  const state = { tokens, at: 0 };
  const result = pipeline(state, chart);
  return state.at === tokens.length ? result : UNKNOWN;
}

interface State {
  tokens: Token[];
  at: number;
}

function pipeline(state: State, chart: Chart): Value | typeof UNKNOWN {
  let value: Value | undefined;
  for (;;) {
    const next = command(state, chart, value);
    if (next === UNKNOWN) return UNKNOWN;
    value = next;
    if (state.tokens[state.at]?.type !== '|') return value;
    state.at++;
  }
}

/** One command: a function call (with the piped value as last argument) or a single operand. */
function command(state: State, chart: Chart, piped: Value | undefined): Value | typeof UNKNOWN {
  const head = state.tokens[state.at];
  if (head?.type === 'word' && FUNCTIONS.has(head.text)) {
    state.at++;
    const args: Value[] = [];
    while (state.at < state.tokens.length && state.tokens[state.at]!.type !== '|' && state.tokens[state.at]!.type !== ')') {
      const arg = operand(state, chart);
      if (arg === UNKNOWN) return UNKNOWN;
      args.push(arg);
    }
    if (piped) args.push(piped);
    return call(head.text, args);
  }
  if (piped) return UNKNOWN;
  return operand(state, chart);
}

function operand(state: State, chart: Chart): Value | typeof UNKNOWN {
  const token = state.tokens[state.at++];
  if (!token) return UNKNOWN;
  if (token.type === 'string') return { value: token.text };
  if (token.type === '(') {
    const inner = pipeline(state, chart);
    return state.tokens[state.at++]?.type === ')' ? inner : UNKNOWN;
  }
  if (token.type !== 'word') return UNKNOWN;
  if (/^-?\d+(\.\d+)?$/.test(token.text)) return { value: Number(token.text) };
  const field = /^\$?\.(Values|Chart)\.([\w.]+)$/.exec(token.text);
  if (field?.[1] === 'Values') return lookupValue(chart, field[2]!.split('.'));
  if (field?.[1] === 'Chart') return chartField(chart, field[2]!);
  return UNKNOWN;
}

/** `.Chart.AppVersion` reads `appVersion:` of Chart.yaml (fields are capitalised in templates). */
function chartField(chart: Chart, name: string): Value | typeof UNKNOWN {
  const doc = chart.chartYaml?.yaml?.docs[0];
  if (!chart.chartYaml || !doc || name.includes('.')) return UNKNOWN;
  const key = name.charAt(0).toLowerCase() + name.slice(1);
  const node = child(doc, asMap(doc, doc.contents), key);
  const r = range(node);
  if (!isScalar(node) || !r) return { value: null };
  // Chart.yaml fields are strings to Helm: `appVersion: 1.10` stays "1.10", so read the source text.
  const text = (node as Scalar).type === 'PLAIN' ? chart.chartYaml.text.slice(r[0], r[1]).trim() : (node as Scalar).value;
  return { value: text, source: { file: chart.chartYaml, node, path: `Chart.${key}` } };
}

function call(name: string, args: Value[]): Value | typeof UNKNOWN {
  switch (name) {
    case 'default':
      if (args.length !== 2) return UNKNOWN;
      return isEmpty(args[1]!.value) ? args[0]! : args[1]!;
    case 'coalesce':
      return args.find((a) => !isEmpty(a.value)) ?? { value: null };
    case 'required':
      return args.length === 2 && !isEmpty(args[1]!.value) ? args[1]! : UNKNOWN;
    case 'printf': {
      const [format, ...rest] = args;
      if (typeof format?.value !== 'string') return UNKNOWN;
      let i = 0;
      const text = format.value.replace(/%[sv]/g, () => printed(rest[i++]?.value) ?? '\u0000');
      return text.includes('\u0000') || i !== rest.length ? UNKNOWN : { value: text, source: rest.length === 1 ? rest[0]!.source : undefined };
    }
    default: {
      // quote, squote, toString, trim: the text that reaches the manifest is the value itself.
      if (args.length !== 1) return UNKNOWN;
      const text = printed(args[0]!.value);
      if (text === undefined) return UNKNOWN;
      return { value: name === 'trim' ? text.trim() : text, source: args[0]!.source };
    }
  }
}
