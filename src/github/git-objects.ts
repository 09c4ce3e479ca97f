/**
 * Reads many files and folder listings of a commit in few requests: one GraphQL query holds up to
 * 50 `object(expression: "<sha>:<path>")` lookups (aliases), instead of one REST request per file.
 * https://docs.github.com/en/graphql/reference/objects#blob
 */
import type { GitHub, RepoRef } from './client.js';
import { statusOf } from './client.js';

/** Files per query: keeps each response well under GitHub's GraphQL time and size limits. */
export const BLOBS_PER_QUERY = 50;
const TREES_PER_QUERY = 50;
/** Folders whose files come back with their text (a chart's templates/): each can be large. */
const TEXT_TREES_PER_QUERY = 5;

export interface Blob {
  text: string | null;
  byteSize: number;
  isBinary: boolean;
  isTruncated: boolean;
}

export interface TreeEntry {
  name: string;
  type: string;
  /** Present when the folder was asked for with texts. */
  blob?: Blob;
}

export interface ObjectRequest {
  /** `<sha>:<path>` of files. */
  blobs?: readonly string[];
  /** `<sha>:<folder>` (`<sha>:` for the root) of folders to list. */
  trees?: readonly string[];
  /** Folders to list with the text of each file. */
  textTrees?: readonly string[];
}

export interface Objects {
  blobs: Map<string, Blob | null>;
  trees: Map<string, TreeEntry[] | null>;
}

const BLOB_FIELDS = 'fragment blob on GitObject { ... on Blob { byteSize isBinary isTruncated text } }';

interface Batch {
  blobs: string[];
  trees: string[];
  textTrees: string[];
}

export async function fetchObjects(gh: GitHub, repo: RepoRef, request: ObjectRequest): Promise<Objects> {
  const out: Objects = { blobs: new Map(), trees: new Map() };
  const blobs = unique(request.blobs), trees = unique(request.trees), textTrees = unique(request.textTrees);
  const count = Math.max(Math.ceil(blobs.length / BLOBS_PER_QUERY), Math.ceil(trees.length / TREES_PER_QUERY), Math.ceil(textTrees.length / TEXT_TREES_PER_QUERY));
  for (let i = 0; i < count; i++) {
    await fetchBatch(gh, repo, {
      blobs: blobs.slice(i * BLOBS_PER_QUERY, (i + 1) * BLOBS_PER_QUERY),
      trees: trees.slice(i * TREES_PER_QUERY, (i + 1) * TREES_PER_QUERY),
      textTrees: textTrees.slice(i * TEXT_TREES_PER_QUERY, (i + 1) * TEXT_TREES_PER_QUERY),
    }, out);
  }
  return out;
}

/** A batch that times out on GitHub's side (large files) is split in halves and asked again. */
async function fetchBatch(gh: GitHub, repo: RepoRef, batch: Batch, out: Objects): Promise<void> {
  const size = batch.blobs.length + batch.trees.length + batch.textTrees.length;
  let data: { repository: Record<string, unknown> | null };
  try {
    data = await gh.graphql(objectsQuery(batch), { owner: repo.owner, name: repo.repo, ...variables(batch), request: { retries: size > 1 ? 1 : undefined } });
  } catch (error) {
    const status = statusOf(error);
    if (size <= 1 || status === undefined || status < 500) throw error;
    for (const half of halves(batch)) await fetchBatch(gh, repo, half, out);
    return;
  }
  const repository = data.repository ?? {};
  batch.blobs.forEach((expr, i) => out.blobs.set(expr, asBlob(repository[`b${i}`])));
  batch.trees.forEach((expr, i) => out.trees.set(expr, asTree(repository[`t${i}`])));
  batch.textTrees.forEach((expr, i) => out.trees.set(expr, asTree(repository[`x${i}`])));
}

/** The query for a batch. Expressions travel as variables, so no path needs escaping. */
export function objectsQuery(batch: Batch): string {
  const vars = ['$owner: String!', '$name: String!'];
  const fields: string[] = [];
  batch.blobs.forEach((_, i) => {
    vars.push(`$b${i}: String!`);
    fields.push(`b${i}: object(expression: $b${i}) { ...blob }`);
  });
  batch.trees.forEach((_, i) => {
    vars.push(`$t${i}: String!`);
    fields.push(`t${i}: object(expression: $t${i}) { ... on Tree { entries { name type } } }`);
  });
  batch.textTrees.forEach((_, i) => {
    vars.push(`$x${i}: String!`);
    fields.push(`x${i}: object(expression: $x${i}) { ... on Tree { entries { name type object { ...blob } } } }`);
  });
  return `query Objects(${vars.join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } } ${BLOB_FIELDS}`;
}

function variables(batch: Batch): Record<string, string> {
  const vars: Record<string, string> = {};
  batch.blobs.forEach((e, i) => (vars[`b${i}`] = e));
  batch.trees.forEach((e, i) => (vars[`t${i}`] = e));
  batch.textTrees.forEach((e, i) => (vars[`x${i}`] = e));
  return vars;
}

function asBlob(value: unknown): Blob | null {
  const v = value as Partial<Blob> | null | undefined;
  if (!v || typeof v.byteSize !== 'number') return null;
  return { text: v.text ?? null, byteSize: v.byteSize, isBinary: v.isBinary === true, isTruncated: v.isTruncated === true };
}

function asTree(value: unknown): TreeEntry[] | null {
  const entries = (value as { entries?: Array<{ name: string; type: string; object?: unknown }> } | null | undefined)?.entries;
  if (!Array.isArray(entries)) return null;
  return entries.map((e) => {
    const blob = e.object === undefined ? undefined : asBlob(e.object);
    return blob ? { name: e.name, type: e.type, blob } : { name: e.name, type: e.type };
  });
}

function halves(batch: Batch): Batch[] {
  const items: Array<[keyof Batch, string]> = [
    ...batch.blobs.map((e): [keyof Batch, string] => ['blobs', e]),
    ...batch.trees.map((e): [keyof Batch, string] => ['trees', e]),
    ...batch.textTrees.map((e): [keyof Batch, string] => ['textTrees', e]),
  ];
  const middle = Math.ceil(items.length / 2);
  return [items.slice(0, middle), items.slice(middle)].map((part) => {
    const b: Batch = { blobs: [], trees: [], textTrees: [] };
    for (const [key, expr] of part) b[key].push(expr);
    return b;
  });
}

function unique(list: readonly string[] | undefined): string[] {
  return [...new Set(list ?? [])];
}

/** `<sha>:<path>`; the root folder is `<sha>:`. */
export function expression(sha: string, path: string): string {
  return `${sha}:${path === '.' ? '' : path}`;
}
