/** Environment variables of containers, and the `secretKeyRef` rewrite offered for literal secrets. */
import { isScalar } from 'yaml';
import { asMap, asSeq, child, keyNode, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
import type { FileContext } from '../engine/context.js';
import type { Container } from '../k8s/workloads.js';

export interface EnvVar {
  container: Container;
  map: YAMLMap;
  name: string;
  nameNode: YNode;
  /** The literal `value` node, when there is one. */
  valueNode?: YNode;
  value?: string;
  /** `valueFrom.secretKeyRef` is set. */
  fromSecret: boolean;
  /** Any `valueFrom` (secret, config map, field, resource). */
  valueFrom: boolean;
}

/** Named env entries of a container (entries without a literal name are skipped). */
export function envOf(container: Container): EnvVar[] {
  const { doc } = container;
  const out: EnvVar[] = [];
  for (const item of asSeq(doc, child(doc, container.map, 'env'))?.items ?? []) {
    const map = asMap(doc, item);
    const nameNode = child(doc, map, 'name');
    const name = scalarString(doc, nameNode);
    if (!map || !nameNode || name === undefined) continue;
    const valueNode = child(doc, map, 'value');
    const from = asMap(doc, child(doc, map, 'valueFrom'));
    out.push({
      container, map, name, nameNode, valueNode,
      value: scalarString(doc, valueNode),
      fromSecret: child(doc, from, 'secretKeyRef') !== undefined,
      valueFrom: from !== undefined,
    });
  }
  return out;
}

/** Lines of the `value: ...` pair, from its key to the end of its (maybe block) scalar. */
export function valueLines(ctx: FileContext, env: EnvVar): [number, number] | undefined {
  const key = keyNode(env.map, 'value');
  const first = ctx.lines(key);
  const last = ctx.lines(env.valueNode);
  if (!first || !last) return undefined;
  return [first[0], Math.max(first[0], last[1])];
}

/**
 * The replacement for the `value:` lines: a `valueFrom.secretKeyRef` block at the same
 * indentation. Undefined when the pair shares its line with anything but a list dash (flow maps).
 */
export function secretKeyRefSuggestion(ctx: FileContext, env: EnvVar, secretName: string): string | undefined {
  const lines = valueLines(ctx, env);
  if (!lines) return undefined;
  const text = ctx.file.lines[lines[0] - 1] ?? '';
  const match = /^(\s*(?:-\s+)?)value\s*:/.exec(text);
  if (!match || !isScalar(env.valueNode)) return undefined;
  const lead = match[1]!;
  const indent = ' '.repeat(lead.length);
  return [
    `${lead}valueFrom:`,
    `${indent}  secretKeyRef:`,
    `${indent}    name: ${secretName}`,
    `${indent}    key: ${env.name}`,
  ].join('\n');
}

/** A Secret name to suggest: `<object>-secrets`, or a generic one when the object's name is templated. */
export function suggestedSecretName(objectName: string): string {
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(objectName) && objectName.length <= 245 ? `${objectName}-secrets` : 'app-secrets';
}
