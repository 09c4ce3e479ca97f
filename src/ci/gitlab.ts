/**
 * GitLab CI (`.gitlab-ci.yml`) as a `CiPipeline`. Hidden jobs (`.name`) are templates: their keys
 * reach real jobs through `extends`; `default:` supplies `before_script`/`after_script`.
 */
import type { Document } from 'yaml';
import { asMap, asSeq, child, isScalar, lineSpan, scalarString, type Scalar, type YamlFile, type YAMLMap, type YNode } from '../parse/yaml.js';
import type { CiJob, CiPipeline, CiRule, CiStep } from './model.js';
import { scriptOf } from './scalar.js';

const RESERVED = new Set(['image', 'services', 'stages', 'types', 'before_script', 'after_script', 'variables', 'cache', 'include', 'default', 'workflow', 'spec']);
const SECTIONS = ['before_script', 'script', 'after_script'] as const;

export function gitlabPipeline(file: YamlFile): CiPipeline | undefined {
  // A file with a `spec:` header holds two documents: the header and the pipeline.
  const doc = file.docs[file.docs.length - 1];
  const root = doc ? asMap(doc, doc.contents) : undefined;
  if (!doc || !root) return undefined;
  const at = (node: YNode | undefined): [number, number] => lineSpan(file, node) ?? [1, 1];
  const templates = new Map<string, YAMLMap>();
  for (const pair of root.items) {
    const name = scalarString(doc, pair.key);
    const map = asMap(doc, pair.value);
    if (name !== undefined && map) templates.set(name, map);
  }
  const defaults = asMap(doc, child(doc, root, 'default'));
  const pipeline: CiPipeline = {
    provider: 'gitlab', events: new Map(), env: variables(doc, asMap(doc, child(doc, root, 'variables'))), jobs: [],
    workflowRules: rulesOf(doc, child(doc, asMap(doc, child(doc, root, 'workflow')), 'rules')),
  };

  /** A key of a job, looked up through its `extends` chain (the last template wins). */
  const lookup = (map: YAMLMap, key: string, depth = 0): YNode | undefined => {
    const own = child(doc, map, key);
    if (own !== undefined || depth > 10) return own;
    const parents = extendsOf(doc, map);
    for (let i = parents.length - 1; i >= 0; i--) {
      const parent = templates.get(parents[i]!);
      const found = parent && parent !== map ? lookup(parent, key, depth + 1) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };

  for (const pair of root.items) {
    const id = scalarString(doc, pair.key);
    const map = asMap(doc, pair.value);
    if (id === undefined || !map || RESERVED.has(id) || id.startsWith('.')) continue;
    const span: [number, number] = [at(pair.key as YNode)[0], at(map)[1]];
    const job: CiJob = {
      id, line: span[0], span, steps: [],
      env: variables(doc, asMap(doc, lookup(map, 'variables'))),
      rules: rulesOf(doc, lookup(map, 'rules')),
      only: refsOf(doc, lookup(map, 'only')),
      except: refsOf(doc, lookup(map, 'except')),
    };
    const environment = lookup(map, 'environment');
    if (environment) {
      const envMap = asMap(doc, environment);
      job.environment = {
        name: scalarString(doc, environment) ?? scalarString(doc, child(doc, envMap, 'name')),
        action: scalarString(doc, child(doc, envMap, 'action')),
        onStop: scalarString(doc, child(doc, envMap, 'on_stop')),
        line: at(environment)[0],
      };
    }
    for (const section of SECTIONS) {
      const node = lookup(map, section) ?? (section === 'script' ? undefined : child(doc, defaults, section) ?? child(doc, root, section));
      for (const entry of entries(doc, node)) {
        const run = scriptOf(entry, file.text, file.lineCounter);
        const lines = at(entry);
        if (run) job.steps.push({ line: lines[0], span: lines, run, section, env: {} } satisfies CiStep);
      }
    }
    pipeline.jobs.push(job);
  }
  return pipeline;
}

/** Script entries: a string, a list, or nested lists; `!reference` tags are skipped (not resolved). */
function entries(doc: Document.Parsed, node: YNode | undefined, depth = 0, onPath = new Set<unknown>()): Scalar[] {
  if (!node || depth > 5 || (node as { tag?: string }).tag === '!reference') return [];
  if (isScalar(node)) return [node as Scalar];
  const seq = asSeq(doc, node);
  // An alias back to an enclosing list is a cycle, not more entries.
  if (!seq || onPath.has(seq)) return [];
  onPath.add(seq);
  const out = seq.items.flatMap((item) => entries(doc, (asSeq(doc, item) ?? item) as YNode, depth + 1, onPath));
  onPath.delete(seq);
  return out;
}

function extendsOf(doc: Document.Parsed, map: YAMLMap): string[] {
  const node = child(doc, map, 'extends');
  const single = scalarString(doc, node);
  if (single !== undefined) return [single];
  return asSeq(doc, node)?.items.map((i) => scalarString(doc, i)).filter((s): s is string => s !== undefined) ?? [];
}

function rulesOf(doc: Document.Parsed, node: YNode | undefined): CiRule[] | undefined {
  const seq = asSeq(doc, node);
  if (!seq) return undefined;
  return seq.items.map((item) => {
    const map = asMap(doc, item);
    return { if: scalarString(doc, child(doc, map, 'if')), when: scalarString(doc, child(doc, map, 'when')) };
  });
}

/** `only`/`except` as a list of refs and variable expressions. */
function refsOf(doc: Document.Parsed, node: YNode | undefined): string[] | undefined {
  if (node === undefined) return undefined;
  const single = scalarString(doc, node);
  if (single !== undefined) return [single];
  const strings = (n: unknown): string[] => asSeq(doc, n)?.items.map((i) => scalarString(doc, i)).filter((s): s is string => s !== undefined) ?? [];
  const map = asMap(doc, node);
  if (map) return [...strings(child(doc, map, 'refs')), ...strings(child(doc, map, 'variables'))];
  return strings(node);
}

function variables(doc: Document.Parsed, map: YAMLMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of map?.items ?? []) {
    const key = scalarString(doc, pair.key);
    const value = scalarString(doc, pair.value) ?? scalarString(doc, child(doc, asMap(doc, pair.value), 'value'));
    if (key !== undefined && value !== undefined) out[key] = value;
  }
  return out;
}
