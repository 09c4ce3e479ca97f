/**
 * Light reading of application source: per-language comment and string masking, then precise
 * import patterns on lines that are code. A full parser per language (tree-sitter grammars for
 * six or seven languages) would cost a wasm grammar each and still not resolve what a module
 * path means; what the rules need is "this line is an import of X, not a comment", which a
 * lexer that knows each language's comments and string delimiters answers reliably.
 */
import { posix } from 'node:path';
import type { ParsedFile } from '../engine/parsed-file.js';

export type SourceLanguage = 'js' | 'python' | 'go' | 'jvm' | 'csharp' | 'ruby' | 'rust';

const LANGUAGES: Record<string, SourceLanguage> = {
  ts: 'js', tsx: 'js', js: 'js', jsx: 'js', mjs: 'js', cjs: 'js', mts: 'js', cts: 'js',
  py: 'python', go: 'go', java: 'jvm', kt: 'jvm', kts: 'jvm', scala: 'jvm', cs: 'csharp', rb: 'ruby', rs: 'rust',
};

export function languageOf(path: string): SourceLanguage | undefined {
  return LANGUAGES[posix.extname(path).slice(1).toLowerCase()];
}

/** The file seen three ways, line by line; every view keeps the line and column layout. */
export interface SourceView {
  language: SourceLanguage;
  /** Comments blanked out; strings kept. */
  code: string[];
  /** Only the contents of string literals; everything else blanked. */
  strings: string[];
  /** The line starts inside a multi-line string or comment (so it cannot start a statement). */
  continues: boolean[];
}

interface Delimiter { open: string; close: string; multiline: boolean; escape?: '\\' | 'double' }

interface Syntax { line: string[]; block?: [string, string]; strings: Delimiter[] }

const C_BLOCK: [string, string] = ['/*', '*/'];
const DQ: Delimiter = { open: '"', close: '"', multiline: false, escape: '\\' };
const SQ: Delimiter = { open: "'", close: "'", multiline: false, escape: '\\' };

// Longer delimiters first: a triple quote must win over a single one.
const SYNTAX: Record<SourceLanguage, Syntax> = {
  js: { line: ['//'], block: C_BLOCK, strings: [DQ, SQ, { open: '`', close: '`', multiline: true, escape: '\\' }] },
  python: { line: ['#'], strings: [{ open: '"""', close: '"""', multiline: true, escape: '\\' }, { open: "'''", close: "'''", multiline: true, escape: '\\' }, DQ, SQ] },
  go: { line: ['//'], block: C_BLOCK, strings: [DQ, SQ, { open: '`', close: '`', multiline: true }] },
  jvm: { line: ['//'], block: C_BLOCK, strings: [{ open: '"""', close: '"""', multiline: true }, DQ, SQ] },
  csharp: { line: ['//'], block: C_BLOCK, strings: [{ open: '"""', close: '"""', multiline: true }, { open: '@"', close: '"', multiline: true, escape: 'double' }, DQ, SQ] },
  ruby: { line: ['#'], block: ['=begin', '=end'], strings: [DQ, SQ] },
  rust: { line: ['//'], block: C_BLOCK, strings: [{ open: 'r#"', close: '"#', multiline: true }, { open: '"', close: '"', multiline: true, escape: '\\' }] },
};

const cache = new WeakMap<ParsedFile, SourceView | null>();

/** The masked views of a source file (cached per file); undefined for languages not read. */
export function sourceViewOf(file: ParsedFile): SourceView | undefined {
  if (!cache.has(file)) {
    const language = languageOf(file.path);
    cache.set(file, language ? viewSource(file.text, language) : null);
  }
  return cache.get(file) ?? undefined;
}

export function viewSource(text: string, language: SourceLanguage): SourceView {
  const syntax = SYNTAX[language];
  const code: string[] = [];
  const strings: string[] = [];
  const src = text.length > 0 && !text.endsWith('\n') ? `${text}\n` : text;
  let codeLine = '';
  let stringLine = '';
  let state: { kind: 'code' } | { kind: 'line' } | { kind: 'block' } | { kind: 'string'; d: Delimiter } = { kind: 'code' };
  const continues: boolean[] = [false];
  const put = (codeText: string, stringText: string): void => {
    codeLine += codeText;
    stringLine += stringText;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\n' || (ch === '\r' && src[i + 1] === '\n')) {
      if (ch === '\r') i++;
      if (state.kind === 'line' || (state.kind === 'string' && !state.d.multiline)) state = { kind: 'code' };
      code.push(codeLine);
      strings.push(stringLine);
      codeLine = stringLine = '';
      continues.push(state.kind !== 'code');
      continue;
    }
    if (state.kind === 'line') {
      put(' ', ' ');
    } else if (state.kind === 'block') {
      const close = syntax.block![1];
      if (src.startsWith(close, i) && (language !== 'ruby' || atLineStart(src, i))) {
        put(' '.repeat(close.length), ' '.repeat(close.length));
        i += close.length - 1;
        state = { kind: 'code' };
      } else put(' ', ' ');
    } else if (state.kind === 'string') {
      const d = state.d;
      if (d.escape === '\\' && ch === '\\' && src[i + 1] !== '\n') {
        put(src.slice(i, i + 2), src.slice(i, i + 2));
        i++;
      } else if (src.startsWith(d.close, i) && !(d.escape === 'double' && src[i + 1] === '"')) {
        put(d.close, ' '.repeat(d.close.length));
        i += d.close.length - 1;
        state = { kind: 'code' };
      } else if (d.escape === 'double' && ch === '"') {
        put('""', '""');
        i++;
      } else put(ch, ch);
    } else if (syntax.line.some((m) => src.startsWith(m, i))) {
      state = { kind: 'line' };
      put(' ', ' ');
    } else if (syntax.block && src.startsWith(syntax.block[0], i) && (language !== 'ruby' || atLineStart(src, i))) {
      state = { kind: 'block' };
      put(' '.repeat(syntax.block[0].length), ' '.repeat(syntax.block[0].length));
      i += syntax.block[0].length - 1;
    } else {
      const d = syntax.strings.find((s) => src.startsWith(s.open, i));
      if (d) {
        state = { kind: 'string', d };
        put(d.open, ' '.repeat(d.open.length));
        i += d.open.length - 1;
      } else put(ch, ' ');
    }
  }
  if (codeLine !== '' || code.length === 0) {
    code.push(codeLine);
    strings.push(stringLine);
  }
  return { language, code, strings, continues: continues.slice(0, code.length) };
}

/** Ruby's `=begin`/`=end` only count at the start of a line. */
function atLineStart(src: string, i: number): boolean {
  return i === 0 || src[i - 1] === '\n';
}

/** Test code exercises clients and fixtures on purpose; rules about the app itself skip it. */
export function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|__tests__|__mocks__|specs?|e2e|testdata|testing|fixtures)\//i.test(path)
    || /(^|\/)src\/test\//.test(path)
    || /\.(test|spec)\.[cm]?[jt]sx?$/.test(path)
    || /_test\.(go|py)$/.test(path)
    || /(^|\/)(test_[^/]*|conftest)\.py$/.test(path)
    || /Tests?\.(java|kt|cs|scala)$/.test(path)
    || /_spec\.rb$/.test(path);
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/**
 * In-cluster DNS names: `<anything>.svc.cluster.local`, or `<svc>.<ns>.svc` (with an optional pod
 * label before it). Lower case only, as Kubernetes names are; not a piece of a longer host
 * (`a.b.svc.example.com`), of a word (`x.svc-bar`) or of a file path (`/srv/a.b.svc`).
 */
const CLUSTER_DNS = new RegExp(
  `(?<![\\w.-])(?<!(?:^|[^/])/)(?:${LABEL}(?:\\.${LABEL})*\\.svc\\.cluster\\.local|${LABEL}(?:\\.${LABEL}){1,2}\\.svc)(?![\\w-]|\\.[A-Za-z0-9])`,
  'g',
);

export interface TextMatch { text: string; index: number }

export function clusterDnsNames(text: string): TextMatch[] {
  return [...text.matchAll(CLUSTER_DNS)].map((m) => ({ text: m[0], index: m.index }));
}

export type KubeApiCategory = 'client' | 'kubeconfig' | 'token-path' | 'service-env';

/** One way a program reaches the Kubernetes API, on a line of code (not a comment). */
export interface KubeApiUse {
  category: KubeApiCategory;
  line: number;
  /** What was found: the imported module, the function called, the path or variable read. */
  what: string;
}

const PY_CLIENTS = new Set(['kubernetes', 'kubernetes_asyncio', 'pykube', 'kr8s', 'lightkube']);
const GO_CLIENT = /^(k8s\.io\/client-go|sigs\.k8s\.io\/controller-runtime)(\/|$)/;

/**
 * JavaScript imports of a client library, one form per pattern, the closing quote checked in code:
 * as one pattern with a backreference, `import\s*\(` and `^\s*import\s+` read the same spaces two ways.
 */
const JS_IMPORTS = [
  /\bfrom\s*(['"`])((?:@kubernetes\/client-node|kubernetes-client)(?:\/[^'"`]*)?)['"`]/,
  /\brequire\s*\(\s*(['"`])((?:@kubernetes\/client-node|kubernetes-client)(?:\/[^'"`]*)?)['"`]/,
  /\bimport\s*\(\s*(['"`])((?:@kubernetes\/client-node|kubernetes-client)(?:\/[^'"`]*)?)['"`]/,
  /^\s*import\s+(['"`])((?:@kubernetes\/client-node|kubernetes-client)(?:\/[^'"`]*)?)['"`]/,
];

function jsImport(line: string): string | undefined {
  for (const pattern of JS_IMPORTS) {
    const m = pattern.exec(line);
    if (m && m[0].endsWith(m[1]!)) return m[2];
  }
  return undefined;
}

/** `using k8s;`, `global using static k8s.Models;`, `using K = k8s;`: the namespace, read a part at a time. */
function csharpUsing(line: string): string | undefined {
  const using = /^\s*(?:global\s+)?using(?=\s)/.exec(line)?.[0];
  if (using === undefined) return undefined;
  const target = line.slice(using.length).trimStart().replace(/^static\s+/, '');
  const alias = /^\w+\s*=\s*/.exec(target)?.[0] ?? '';
  return /^(k8s(?:\.[\w.]+)?)\s*;/.exec(target.slice(alias.length))?.[1];
}

/** Per language: the Kubernetes client library a code line imports, if any. */
const IMPORTS: Record<SourceLanguage, (line: string) => string | undefined> = {
  js: jsImport,
  python: (l) => {
    const from = /^\s*from\s+([\w.]+)\s+import\b/.exec(l)?.[1];
    const modules = from ? [from] : (/^\s*import\s+([\w.,\s]+)/.exec(l)?.[1]?.split(',').map((m) => m.trim().split(/\s+/)[0]!) ?? []);
    return modules.find((m) => PY_CLIENTS.has(m.split('.')[0]!));
  },
  go: () => undefined, // import blocks span lines: see goImports
  jvm: (l) => /^\s*import\s+(?:static\s+)?((?:io\.kubernetes\.client|io\.fabric8\.(?:kubernetes|openshift))(?:\.[\w.*]+)?)/.exec(l)?.[1],
  csharp: (l) => csharpUsing(l),
  ruby: (l) => /^\s*require\s*(?:\(\s*)?['"](kubeclient|k8s-ruby|k8s-client)['"]/.exec(l)?.[1],
  rust: (l) => /^\s*(?:pub\s+)?(?:use|extern\s+crate)\s+((?:kube|kube_client|kube_runtime)(?:::\w+)*)/.exec(l)?.[1],
};

const USES: ReadonlyArray<{ category: KubeApiCategory; pattern: RegExp }> = [
  { category: 'token-path', pattern: /\/(?:var\/)?run\/secrets\/kubernetes\.io\/serviceaccount\b/ },
  { category: 'service-env', pattern: /\bKUBERNETES_SERVICE_(?:HOST|PORT)\b/ },
  {
    category: 'kubeconfig',
    pattern: new RegExp([
      /\bload_(?:kube|incluster)_config\s*\(/, /\bnew\s+(?:\w+\.)?KubeConfig\s*\(/,
      /\b(?:rest\.InClusterConfig|clientcmd\.BuildConfigFromFlags|clientcmd\.NewNonInteractiveDeferredLoadingClientConfig|clientcmd\.RESTConfigFromKubeConfig|ctrl\.GetConfigOrDie)\s*\(/,
      /\b(?:Config\.fromCluster|Config\.defaultClient|ClientBuilder\.cluster|KubeConfig\.loadKubeConfig)\s*\(/,
      /\bKubernetesClientConfiguration\.(?:BuildConfigFromConfigFile|InClusterConfig|BuildDefaultConfig|IsInCluster)\s*\(/,
      /\bKubeclient::Config\.read\b/, /\bKUBECONFIG\b/, /\.kube\/config\b/,
    ].map((r) => r.source).join('|')),
  },
];

/** Every line where the code imports a Kubernetes client, loads a kubeconfig or reads in-cluster credentials. */
export function kubeApiUses(view: SourceView): KubeApiUse[] {
  const out: KubeApiUse[] = [];
  const goImports = view.language === 'go' ? goImportLines(view) : new Map<number, string>();
  view.code.forEach((line, index) => {
    const imported = view.continues[index] ? undefined : (goImports.get(index) ?? IMPORTS[view.language](line));
    if (imported) out.push({ category: 'client', line: index + 1, what: imported });
    for (const { category, pattern } of USES) {
      const match = pattern.exec(line);
      if (match) out.push({ category, line: index + 1, what: match[0].replace(/\s*\($/, '') });
    }
  });
  return out;
}

/** Go import specs (single or in an `import ( ... )` block) that name a Kubernetes client package, by line index. */
function goImportLines(view: SourceView): Map<number, string> {
  const found = new Map<number, string>();
  let inBlock = false;
  view.code.forEach((line, index) => {
    if (!inBlock && /^\s*import\s*\(/.test(line)) {
      inBlock = true;
      line = line.replace(/^\s*import\s*\(/, '');
    }
    const spec = inBlock ? /^\s*(?:[\w.]+\s+)?"([^"]+)"/.exec(line) : /^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"/.exec(line);
    if (spec && GO_CLIENT.test(spec[1]!)) found.set(index, spec[1]!);
    if (inBlock && /\)\s*$/.test(line)) inBlock = false;
  });
  return found;
}
