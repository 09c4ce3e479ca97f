import type { Document } from 'yaml';
import { defineRule } from '../src/engine/rule.js';
import type { FileContext } from '../src/engine/context.js';
import { environmentOfFile, environmentOfNamespace, environmentOfPath, productionEndpoint, type EnvironmentMatch } from '../src/k8s/environment.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import { asMap, asSeq, child, isScalar, scalarString, type Scalar, type YNode } from '../src/parse/yaml.js';

/** Image references and kustomize inputs: a registry or a base named prod is not a runtime endpoint. */
const SKIPPED_KEYS = new Set(['image', 'images', 'newName', 'repository', 'registry', 'imageRegistry', 'imageRepository', 'repo', 'repoURL', 'chart', 'resources', 'bases', 'components']);

export default defineRule({
  id: 'nonprod-references-prod',
  antipattern: 9,
  severity: 'error',
  kinds: ['manifest', 'helm-values', 'kustomization'],
  docs: {
    title: 'Non-production must not point at production',
    summary: 'A staging or test configuration that names a production host, URL or database lets a test run read or destroy production data.',
    why: [
      'Namespaces and environments only separate what their configuration keeps apart.',
      'A test environment holding a production database URL or service host will send its test traffic, migrations and clean-up jobs to production.',
    ].join(' '),
    fix: 'Give each environment its own endpoints and inject them per environment (values file, overlay, ConfigMap). If a test really needs production data, use a sanitised copy or a read-only replica made for it.',
    examples: [
      {
        path: 'overlays/staging/config.yaml',
        bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  DATABASE_URL: postgres://db.prod.example.internal:5432/orders\n',
        good: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  DATABASE_URL: postgres://db.staging.example.internal:5432/orders\n',
      },
    ],
  },
  check(ctx) {
    const { file } = ctx;
    if (file.kind === 'manifest') {
      const byPath = environmentOfPath(file.path);
      for (const object of ctx.objects()) {
        const byNamespace = environmentOfNamespace(object.namespace);
        if (byPath && byNamespace && byPath.tier !== byNamespace.tier) continue;
        const env = byPath ?? byNamespace;
        const why = byPath ? 'by its path' : `by its namespace ${object.namespace}`;
        if (env?.tier === 'non-production') scan(ctx, object.doc, object.map, [], `${object.kind} ${object.name}`, env, why);
      }
      return;
    }
    const env = file.kind === 'kustomization' ? environmentOfFile(file) : environmentOfPath(file.path);
    if (env?.tier !== 'non-production') return;
    const why = environmentOfPath(file.path) ? 'by its path' : 'by its namespace';
    for (const doc of file.yaml?.docs ?? []) scan(ctx, doc, doc.contents as YNode, [], file.kind === 'kustomization' ? 'Kustomization' : 'Values', env, why);
  },
});

/** Visits every string value with the key it sits under (an env var's `value` under its `name`). */
function scan(ctx: FileContext, doc: Document.Parsed, node: YNode | undefined, path: string[], owner: string, env: EnvironmentMatch, why: string, onPath = new Set<unknown>()): void {
  const key = path[path.length - 1];
  if (key !== undefined && SKIPPED_KEYS.has(key)) return;
  const map = asMap(doc, node);
  if (map) {
    // An alias back to an enclosing map would be scanned forever.
    if (onPath.has(map)) return;
    onPath.add(map);
    const envName = scalarString(doc, child(doc, map, 'name'));
    for (const pair of map.items) {
      const k = scalarString(doc, pair.key);
      if (k === undefined) continue;
      scan(ctx, doc, pair.value as YNode, [...path, k === 'value' && envName ? envName : k], owner, env, why, onPath);
    }
    onPath.delete(map);
    return;
  }
  const seq = asSeq(doc, node);
  if (seq) {
    if (onPath.has(seq)) return;
    onPath.add(seq);
    for (const item of seq.items) scan(ctx, doc, item as YNode, path, owner, env, why, onPath);
    onPath.delete(seq);
    return;
  }
  const value = scalarString(doc, node);
  if (!value || isTemplated(value) || value.includes('{{') || !isScalar(node)) return;
  const where = owner === 'Values' ? `Values ${path.join('.')}` : owner;
  const report = (at: YNode | number, found: string): void =>
    ctx.report(at, `${where}: "${found}" points at production, but this file belongs to the ${env.name} environment (${why}). Use the ${env.name} endpoint, injected per environment.`);
  if (!value.includes('\n')) {
    const found = productionEndpoint(value, key);
    if (found) report(node, found);
    return;
  }
  // Embedded config files: read each line where it is, and report on that line.
  const span = ctx.lines(node);
  if (!span) return;
  const block = (node as Scalar).type === 'BLOCK_LITERAL' || (node as Scalar).type === 'BLOCK_FOLDED';
  for (let line = block ? span[0] + 1 : span[0]; line <= span[1]; line++) {
    const text = ctx.file.lines[line - 1] ?? '';
    if (/^\s*(#|\/\/|;)/.test(text)) continue;
    const kv = keyValue(text);
    const found = productionEndpoint(text) ?? (kv ? productionEndpoint(kv[1], kv[0]) : undefined);
    if (found) report(line, found);
  }
}

/**
 * `key: value`, `- key=value`, `"key": "value"` on one line: key and value. Read in parts, in code:
 * as one pattern, `\s*-?\s*` and the spaces around an empty value split a run of spaces every way.
 */
const KEY = /^["']?([\w.-]+)["']?\s*[:=]/;
const VALUE = /^["']?([^"'\s]*)["']?$/;

function keyValue(line: string): [string, string] | undefined {
  const read = (text: string): [string, string] | undefined => {
    const key = KEY.exec(text);
    const value = key ? VALUE.exec(text.slice(key[0].length).trim()) : null;
    return key && value ? [key[1]!, value[1]!] : undefined;
  };
  const text = line.trimStart();
  return (text.startsWith('-') ? read(text.slice(1).trimStart()) : undefined) ?? read(text);
}
