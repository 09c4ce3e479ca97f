/** The parse stage: a changed file with its kind and, for YAML kinds, its positioned AST. */
import type { ChangedFile, FileKind } from '../model/types.js';
import { maskTemplate } from '../parse/helm-mask.js';
import { parseYaml, type YamlFile } from '../parse/yaml.js';
import { findObjects, type K8sObject } from '../k8s/objects.js';
import { YAML_KINDS } from './classify.js';
import { tooComplex } from './limits.js';
import { isMakefile, makefileToShell } from '../shell/make.js';

export interface ParsedFile {
  source: ChangedFile;
  path: string;
  kind: FileKind;
  text: string;
  lines: string[];
  yaml?: YamlFile;
  /** Helm templates: lines that held only template actions (their content is unknown). */
  templateActionLines?: ReadonlySet<number>;
  objects: K8sObject[];
  /**
   * Set when this is one window of a large manifest (see document-windows.ts): the documents and
   * objects are those of the window, the text and lines the whole file's, and [first, last] are the
   * lines the window owns. A rule that scans the text reports only within them.
   */
  window?: readonly [number, number];
  /** Set when the file could not be read: `error` is a parse failure, `skipped` a limitation. */
  problem?: { status: 'error' | 'skipped'; line?: number; reason: string; tooComplex?: boolean };
}

export function parseFile(source: ChangedFile, kind: FileKind, text: string): ParsedFile {
  const base: ParsedFile = { source, path: source.path, kind, text, lines: text.split('\n'), objects: [] };
  // Bounded before any parser sees it; a Makefile is bounded as the shell it becomes.
  const complex = tooComplex(kind, kind === 'script' && isMakefile(source.path) ? makefileToShell(text) : text);
  if (complex) return { ...base, problem: { status: 'error', line: complex.line, reason: `too complex: ${complex.reason}`, tooComplex: true } };
  if (!YAML_KINDS.has(kind)) return base;
  if (kind === 'helm-template') {
    const masked = maskTemplate(text);
    // Branches of `if`/`else` may both define a key: duplicates are expected in templates.
    const parsed = parseYaml(masked.text, { uniqueKeys: false });
    if (!parsed.ok) {
      return { ...base, problem: { status: 'skipped', line: parsed.line, reason: `Helm template not readable as YAML once its actions are masked (line ${parsed.line}: ${parsed.reason})` } };
    }
    return { ...base, yaml: parsed.file, templateActionLines: masked.actionLines, objects: findObjects(parsed.file) };
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    return { ...base, problem: { status: 'error', line: parsed.line, reason: `YAML parse error at line ${parsed.line}: ${parsed.reason}` } };
  }
  return { ...base, yaml: parsed.file, objects: findObjects(parsed.file) };
}
