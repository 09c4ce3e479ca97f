/** Kubernetes objects found in parsed YAML documents, `kind: List` items included. */
import type { Document } from 'yaml';
import { asMap, asSeq, child, lineSpan, scalarString, type YamlFile, type YAMLMap } from '../parse/yaml.js';
import { isTemplated } from '../parse/helm-mask.js';

export const IGNORE_ANNOTATION = 'k8s-antipatterns.io/ignore';

export interface K8sObject {
  doc: Document.Parsed;
  map: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string;
  /** The name as written; in a Helm template the masked text keeps literal parts (`§§§-api`). */
  rawName: string;
  namespace?: string;
  span: [number, number];
  /** Rule ids listed in the object's ignore annotation (`all` waives every rule). */
  ignored: Set<string>;
}

export function findObjects(file: YamlFile): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of file.docs) {
    const root = asMap(doc, doc.contents);
    if (root) collect(file, doc, root, objects);
  }
  return objects;
}

function collect(file: YamlFile, doc: Document.Parsed, map: YAMLMap, out: K8sObject[], onPath = new Set<YAMLMap>()): void {
  const apiVersion = scalarString(doc, child(doc, map, 'apiVersion'));
  const kind = scalarString(doc, child(doc, map, 'kind'));
  if (!apiVersion || !kind) return;
  if (kind === 'List' || kind.endsWith('List')) {
    // A List whose items alias the List itself would recurse forever.
    if (onPath.has(map)) return;
    onPath.add(map);
    for (const item of asSeq(doc, child(doc, map, 'items'))?.items ?? []) {
      const itemMap = asMap(doc, item);
      if (itemMap) collect(file, doc, itemMap, out, onPath);
    }
    onPath.delete(map);
    return;
  }
  const metadata = asMap(doc, child(doc, map, 'metadata'));
  const annotations = asMap(doc, child(doc, metadata, 'annotations'));
  const ignoreValue = scalarString(doc, child(doc, annotations, IGNORE_ANNOTATION)) ?? '';
  const name = scalarString(doc, child(doc, metadata, 'name'));
  const namespace = scalarString(doc, child(doc, metadata, 'namespace'));
  out.push({
    doc,
    map,
    apiVersion,
    kind,
    // A Helm template's name is masked filler: say so rather than print the filler.
    name: name === undefined ? '(unnamed)' : isTemplated(name) ? '(templated name)' : name,
    rawName: name ?? '(unnamed)',
    namespace: namespace !== undefined && isTemplated(namespace) ? undefined : namespace,
    span: lineSpan(file, map) ?? [1, 1],
    ignored: new Set(ignoreValue.split(',').map((s) => s.trim()).filter(Boolean)),
  });
}
