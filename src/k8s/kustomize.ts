/** What kustomizations of the change and its context say about images, and what they build from. */
import { posix } from 'node:path';
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/classify.js';
import { asMap, asSeq, child, getPath, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
import type { K8sObject } from './objects.js';

/** One `images[]` entry of a kustomization, with the nodes findings anchor on. */
export interface KustomizeImage {
  name?: string;
  newTag?: string;
  newTagNode?: YNode;
  digest?: string;
}

/** The `images[]` entries of a kustomization file (none for other files). */
export function kustomizeImages(file: ParsedFile): KustomizeImage[] {
  if (file.kind !== 'kustomization' || !file.yaml) return [];
  const out: KustomizeImage[] = [];
  for (const doc of file.yaml.docs) {
    for (const item of asSeq(doc, getPath(doc, doc.contents as YNode, ['images']))?.items ?? []) {
      const entry = asMap(doc, item);
      const newTagNode = child(doc, entry, 'newTag');
      out.push({
        name: scalarString(doc, child(doc, entry, 'name')),
        newTag: scalarString(doc, newTagNode),
        newTagNode,
        digest: scalarString(doc, child(doc, entry, 'digest')),
      });
    }
  }
  return out;
}

const cache = new WeakMap<readonly ParsedFile[], Set<string>>();

/**
 * Image names that some kustomization pins with `images[].newTag` or `digest`. A base that
 * writes `image: app` and leaves the tag to its overlays is the usual kustomize layout: the
 * untagged base image never reaches a cluster.
 */
export function imagesPinnedByKustomize(files: readonly ParsedFile[]): Set<string> {
  let names = cache.get(files);
  if (names) return names;
  names = new Set<string>();
  for (const image of files.flatMap(kustomizeImages)) {
    if (image.name && ((image.newTag && image.newTag.toLowerCase() !== 'latest') || image.digest)) names.add(image.name);
  }
  cache.set(files, names);
  return names;
}

/** `resources:` entries that kustomize fetches (git URLs, HTTP): nothing of ours to read. */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\/|^git@|\?ref=/i;

/** A path written in a kustomization, resolved against the kustomization's folder. */
export function resolveFromKustomization(kustomizationPath: string, ref: string): string {
  return posix.normalize(posix.join(posix.dirname(normalizePath(kustomizationPath)), ref.trim()));
}

/** Repository paths as the engine compares them: `./a//b.yaml` is `a/b.yaml`. */
export function normalizePath(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/'));
}

/** The root maps of a kustomization file's documents. */
export function kustomizationRoots(file: ParsedFile): Array<{ doc: Document.Parsed; root: YAMLMap }> {
  const out: Array<{ doc: Document.Parsed; root: YAMLMap }> = [];
  if (file.kind !== 'kustomization') return out;
  for (const doc of file.yaml?.docs ?? []) {
    const root = asMap(doc, doc.contents);
    if (root) out.push({ doc, root });
  }
  return out;
}

/** The string items of a list field (`resources:`, `components:`). */
export function stringItems(doc: Document.Parsed, root: YAMLMap, key: string): string[] {
  const out: string[] = [];
  for (const item of asSeq(doc, child(doc, root, key))?.items ?? []) {
    const text = scalarString(doc, item);
    if (text !== undefined && text.trim() !== '') out.push(text);
  }
  return out;
}

/** What a kustomization builds from: files it lists and folders it could not look into. */
export interface KustomizeScope {
  files: Set<string>;
  /** Folders without a known kustomization: any file below them may be included. */
  dirs: Set<string>;
}

export function inScope(scope: KustomizeScope, path: string): boolean {
  const p = normalizePath(path);
  if (scope.files.has(p)) return true;
  for (const dir of scope.dirs) if (dir === '.' || p.startsWith(dir + '/')) return true;
  return false;
}

/** The kustomization file of a folder, among the given files. */
export function kustomizationIn(byPath: ReadonlyMap<string, ParsedFile>, dir: string): ParsedFile | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = byPath.get(normalizePath(posix.join(dir, name)));
    if (file?.kind === 'kustomization') return file;
  }
  return undefined;
}

export function filesByPath(files: readonly ParsedFile[]): Map<string, ParsedFile> {
  return new Map(files.map((f) => [normalizePath(f.path), f]));
}

/**
 * Every manifest a kustomization builds from, following `resources:` (and the older `bases:`)
 * into base folders and `components:`. Remote resources are skipped.
 */
export function kustomizationScope(byPath: ReadonlyMap<string, ParsedFile>, kustomization: ParsedFile): KustomizeScope {
  const scope: KustomizeScope = { files: new Set(), dirs: new Set() };
  const seen = new Set<ParsedFile>();
  const visit = (file: ParsedFile): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { doc, root } of kustomizationRoots(file)) {
      for (const ref of ['resources', 'bases', 'components'].flatMap((key) => stringItems(doc, root, key))) {
        if (REMOTE.test(ref)) continue;
        const path = resolveFromKustomization(file.path, ref);
        const nested = kustomizationIn(byPath, path);
        if (nested) visit(nested);
        else if (/\.(ya?ml|json)$/i.test(path)) scope.files.add(path);
        else scope.dirs.add(path);
      }
    }
  };
  visit(kustomization);
  return scope;
}

/** The components a kustomization pulls in (their patches apply to its resources), nested ones too. */
export function componentsOf(byPath: ReadonlyMap<string, ParsedFile>, kustomization: ParsedFile): ParsedFile[] {
  const out: ParsedFile[] = [];
  const visit = (file: ParsedFile): void => {
    for (const { doc, root } of kustomizationRoots(file)) {
      for (const ref of stringItems(doc, root, 'components')) {
        const component = REMOTE.test(ref) ? undefined : kustomizationIn(byPath, resolveFromKustomization(file.path, ref));
        if (component && component !== kustomization && !out.includes(component)) {
          out.push(component);
          visit(component);
        }
      }
    }
  };
  visit(kustomization);
  return out;
}

/** Which objects a patch applies to (a `target:`); an absent field matches any object. */
export interface KustomizeTarget {
  kind?: string;
  name?: string;
  labelSelector?: string;
}

export function targetMatches(target: KustomizeTarget, object: K8sObject): boolean {
  if (target.kind !== undefined && !selectorMatches(target.kind, object.kind)) return false;
  if (target.name !== undefined && !selectorMatches(target.name, object.name)) return false;
  return target.labelSelector === undefined || labelsMatch(target.labelSelector, object);
}

/** Kubernetes names and kinds are at most 253 characters (a DNS subdomain). */
const MAX_NAME_LENGTH = 253;
/** Quantifiers allowed in a selector pattern: `.*-api-.*` needs two; more make a crafted one polynomial. */
const MAX_QUANTIFIERS = 2;

/**
 * Kustomize reads target fields as anchored regular expressions (`api-.*`). The pattern comes from
 * the pull request and V8 backtracks (kustomize's Go engine does not), so only patterns whose
 * worst case is small on a name-sized value are run; others match nothing.
 */
function selectorMatches(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (value.length > MAX_NAME_LENGTH) return false;
  // A quantified group (`(a+)+`) can backtrack for ages on a crafted name: such patterns match nothing.
  if (/\)[*+?{]/.test(pattern)) return false;
  // `*`, `+`, `{` and a `?` that is not the start of a group's `(?`, unescaped.
  if ((pattern.replace(/\\[\s\S]/g, '').replace(/\(\?/g, '').match(/[*+?{]/g) ?? []).length > MAX_QUANTIFIERS) return false;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

/**
 * `key=value` or `key==value` (spaces allowed around the operator): key and value. Read in code:
 * as one pattern, the optional second `=` and the value could take the same `=` both ways.
 */
function equalityTerm(term: string): [string, string] | undefined {
  const key = /^[^=!\s]+/.exec(term)?.[0];
  if (!key) return undefined;
  let rest = term.slice(key.length).trimStart();
  if (!rest.startsWith('=')) return undefined;
  rest = rest.slice(1);
  if (rest.startsWith('=')) rest = rest.slice(1); // `==`
  rest = rest.trimStart();
  return /^\S*$/.test(rest) ? [key, rest] : undefined;
}

/** Equality terms (`app=api,tier=web`) are checked; any other selector is assumed to match. */
function labelsMatch(selector: string, object: K8sObject): boolean {
  const labels = asMap(object.doc, getPath(object.doc, object.map, ['metadata', 'labels']));
  for (const term of selector.split(',').map((t) => t.trim()).filter(Boolean)) {
    const m = equalityTerm(term);
    if (!m) continue;
    if (scalarString(object.doc, child(object.doc, labels, m[0])) !== m[1]) return false;
  }
  return true;
}
