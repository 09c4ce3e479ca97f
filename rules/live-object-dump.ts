import { defineRule } from '../src/engine/rule.js';
import { asMap, asSeq, child, isNullNode, keyNode, scalarString, type YAMLMap, type YNode } from '../src/parse/yaml.js';
import type { Document } from 'yaml';

/** Metadata the API server writes; a hand-written manifest never has a value for them. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'selfLink', 'managedFields'] as const;
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'] as const;

export default defineRule({
  id: 'live-object-dump',
  antipattern: 5,
  severity: 'warning',
  kinds: ['manifest'],
  docs: {
    title: 'Do not commit objects exported from a live cluster',
    summary: 'A manifest with `status`, `metadata.uid`, `resourceVersion`, `creationTimestamp`, `managedFields` or the last-applied annotation was copied out of a cluster with `kubectl get -o yaml`.',
    why: [
      'An export records what a cluster looked like at one moment, hand edits included, rather than what you meant to deploy.',
      'It carries fields the API server owns: a stale `resourceVersion` makes `kubectl replace` fail, `uid` ties it to one object, and',
      '`status` and `managedFields` bury the few lines that matter. It usually means the cluster was changed by hand first and git is catching up.',
      '`creationTimestamp: null` and an empty `status: {}`, which `kubectl create --dry-run=client -o yaml` and CRD generators print, are not reported.',
    ].join(' '),
    fix: 'Delete the server-set fields (`status`, `metadata.uid`, `resourceVersion`, `creationTimestamp`, `selfLink`, `managedFields`, the `kubectl.kubernetes.io/last-applied-configuration` annotation), or write the manifest fresh with `kubectl create ... --dry-run=client -o yaml`. Then change the cluster only through git.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  uid: 6f1c2d9e-3b7a-4c55-9d1e-2a8b7c6d5e4f\n  resourceVersion: "184467"\n  creationTimestamp: "2024-03-02T10:15:00Z"\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\nstatus:\n  loadBalancer: {}\n',
        good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  creationTimestamp: null\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\nstatus:\n  loadBalancer: {}\n',
      },
    ],
  },
  check(ctx) {
    for (const o of ctx.objects()) {
      const { doc } = o;
      const found: Array<[string, YNode]> = [];
      const metadata = asMap(doc, child(doc, o.map, 'metadata'));
      for (const field of SERVER_METADATA) {
        const value = child(doc, metadata, field);
        if (hasContent(doc, value)) found.push([`metadata.${field}`, keyNode(metadata, field)!]);
      }
      const annotations = asMap(doc, child(doc, metadata, 'annotations'));
      for (const key of SERVER_ANNOTATIONS) {
        if (hasContent(doc, child(doc, annotations, key))) found.push([`annotation ${key}`, keyNode(annotations, key)!]);
      }
      if (hasContent(doc, child(doc, o.map, 'status'))) found.push(['status', keyNode(o.map, 'status')!]);
      if (found.length === 0) continue;
      const lines = found.map(([, node]) => ctx.lines(node)?.[0] ?? o.span[0]);
      const first = found[lines.indexOf(Math.min(...lines))]![1];
      ctx.report(first, `${o.kind} ${o.name} looks exported from a live cluster: it has ${found.map(([name]) => name).join(', ')}. Remove the server-set fields and change the cluster only through git.`, { span: [Math.min(...lines), Math.max(...lines)] });
    }
  },
});

/** True when the node holds at least one real value: `null`, `""`, `{}` and `[]` (nested too) do not count. */
function hasContent(doc: Document.Parsed, node: unknown, depth = 0, onPath = new Set<unknown>()): boolean {
  if (node === undefined || isNullNode(doc, node) || depth > 10) return false;
  const map: YAMLMap | undefined = asMap(doc, node);
  const seq = map ? undefined : asSeq(doc, node);
  const collection = map ?? seq;
  if (collection) {
    // An alias back to an enclosing collection adds nothing new.
    if (onPath.has(collection)) return false;
    onPath.add(collection);
    const found = map ? map.items.some((p) => hasContent(doc, p.value, depth + 1, onPath)) : seq!.items.some((i) => hasContent(doc, i, depth + 1, onPath));
    onPath.delete(collection);
    return found;
  }
  return (scalarString(doc, node) ?? '') !== '';
}
