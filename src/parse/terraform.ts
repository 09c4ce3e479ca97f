/**
 * Terraform files: top-level blocks with their line ranges, and their contents as JSON from
 * @cdktf/hcl2json. hcl2json gives no positions, so a small scanner that knows HCL comments,
 * strings (with `${ }` interpolation) and heredocs finds each block's lines in the text.
 */
import type { ParsedFile } from '../engine/parsed-file.js';

export interface TfBlock {
  /** `resource`, `data`, `module`, `provider`, `locals`... */
  type: string;
  labels: string[];
  line: number;
  endLine: number;
  /** The block's attributes as hcl2json reads them; absent when the file did not parse. */
  body?: Record<string, unknown>;
}

export interface TfFile {
  blocks: TfBlock[];
  /** The parser's message when the file is not valid HCL (blocks then come from the scanner alone). */
  error?: string;
}

type Hcl2Json = (filename: string, contents: string) => Promise<Record<string, unknown>>;
let loader: Promise<Hcl2Json> | undefined;

/**
 * hcl2json instantiates a Go wasm module as soon as it is imported (about 0.2 s), so it is
 * loaded only when a Terraform file is read. The specifier is not a literal so that TypeScript
 * does not pull in its typings, which reference the DOM library for the whole program.
 */
function hcl2json(): Promise<Hcl2Json> {
  const specifier: string = '@cdktf/hcl2json';
  loader ??= import(specifier).then((mod: { parse?: Hcl2Json; default?: { parse: Hcl2Json } }) => mod.parse ?? mod.default!.parse);
  return loader;
}

const cache = new WeakMap<ParsedFile, Promise<TfFile>>();

/** The Terraform model of a parsed file, read once however many rules ask. */
export function terraformOf(file: ParsedFile): Promise<TfFile> {
  let model = cache.get(file);
  if (!model) cache.set(file, (model = parseTerraform(file.path, file.text)));
  return model;
}

export async function parseTerraform(path: string, text: string): Promise<TfFile> {
  const blocks = locateBlocks(text);
  let json: Record<string, unknown>;
  try {
    json = await (await hcl2json())(path, text);
  } catch (error) {
    return { blocks, error: (error as Error).message };
  }
  for (const block of blocks) {
    const body = lookup(json, [block.type, ...block.labels]);
    if (Array.isArray(body) && isRecord(body[0])) block.body = body[0];
  }
  return { blocks };
}

function lookup(json: unknown, path: readonly string[]): unknown {
  let node = json;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENT = /[A-Za-z_][\w-]*/y;
const QUOTED = /"((?:[^"\\]|\\.)*)"/y;

/**
 * `type "label" label {` at the start of a line, read token by token (a single regular
 * expression with repeated labels and optional spaces backtracks on long lines).
 */
function blockHeader(line: string): { type: string; labels: string[] } | undefined {
  let i = line.length - line.trimStart().length;
  const token = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    const m = re.exec(line);
    if (m) i = re.lastIndex;
    return m;
  };
  const type = token(IDENT);
  if (!type) return undefined;
  const labels: string[] = [];
  for (;;) {
    const before = i;
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (line[i] === '{') return { type: type[0], labels };
    // Each label needs a space before it, as in `resource "aws_instance" "web" {`.
    if (i === before) return undefined;
    const label = line[i] === '"' ? token(QUOTED) : token(IDENT);
    if (!label) return undefined;
    labels.push(label[1] ?? label[0]);
  }
}

type Mode = { kind: 'code' } | { kind: 'string' } | { kind: 'interp'; depth: number };

/** Top-level blocks and the lines they span; comments, strings and heredocs cannot fool it. */
export function locateBlocks(text: string): TfBlock[] {
  const blocks: TfBlock[] = [];
  const stack: Mode[] = [{ kind: 'code' }];
  let depth = 0;
  let heredoc: string | undefined;
  let inComment = false;
  let open: TfBlock | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      return;
    }
    if (depth === 0 && stack.length === 1 && !inComment) {
      const header = blockHeader(line);
      if (header) open = { type: header.type, labels: header.labels, line: index + 1, endLine: index + 1 };
    }
    for (let j = 0; j < line.length; j++) {
      const ch = line[j]!;
      const top = stack[stack.length - 1]!;
      if (inComment) {
        if (line.startsWith('*/', j)) {
          inComment = false;
          j++;
        }
      } else if (top.kind === 'string') {
        if (ch === '\\') j++;
        else if (ch === '"') stack.pop();
        else if ((ch === '$' || ch === '%') && line[j + 1] === '{') {
          stack.push({ kind: 'interp', depth: 0 });
          j++;
        }
      } else if (ch === '#' || line.startsWith('//', j)) {
        break;
      } else if (line.startsWith('/*', j)) {
        inComment = true;
        j++;
      } else if (ch === '"') {
        stack.push({ kind: 'string' });
      } else if (line.startsWith('<<', j) && /^<<-?([A-Za-z_][\w-]*)\s*$/.test(line.slice(j))) {
        heredoc = /^<<-?([A-Za-z_][\w-]*)/.exec(line.slice(j))![1];
        break;
      } else if (ch === '{') {
        if (top.kind === 'interp') top.depth++;
        else depth++;
      } else if (ch === '}') {
        if (top.kind === 'interp') {
          if (top.depth === 0) stack.pop();
          else top.depth--;
        } else if (--depth === 0 && open) {
          open.endLine = index + 1;
          blocks.push(open);
          open = undefined;
        }
      }
    }
  });
  if (open) blocks.push({ ...open, endLine: text.split(/\r?\n/).length });
  return blocks;
}
