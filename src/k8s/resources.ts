/** Reading a container's `resources`, with "unknown" when a template decides them. */
import { asMap, child, isNullNode, scalarString, type YNode } from '../parse/yaml.js';
import { isTemplated } from '../parse/helm-mask.js';
import type { FileContext } from '../engine/context.js';
import type { Container } from './workloads.js';
import { fieldsPatchedByKustomize, isKustomizePatch } from './kustomize-patches.js';

export type ResourceField = 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory';

export interface ResourceValue {
  node: YNode;
  text: string;
}

export interface Resources {
  /** False when template actions or templated values decide the resources: say nothing then. */
  known: boolean;
  get(field: ResourceField): ResourceValue | undefined;
}

export function resourcesOf(ctx: FileContext, container: Container): Resources {
  const { doc, map } = container;
  const resourcesNode = child(doc, map, 'resources');
  const resources = asMap(doc, resourcesNode);
  const scalar = scalarString(doc, resourcesNode);
  const known =
    !ctx.hasTemplateActions(container.span) &&
    !(scalar !== undefined && isTemplated(scalar)) &&
    (resources !== undefined || isNullNode(doc, resourcesNode));
  return {
    known,
    get(field) {
      const [section, key] = field.split('.') as [string, string];
      const node = child(doc, asMap(doc, child(doc, resources, section)), key);
      const text = scalarString(doc, node);
      if (!node || text === undefined) return undefined;
      return { node, text };
    },
  };
}

/** Ephemeral containers may not set resources (the API rejects them): resource rules skip them. */
export function takesResources(container: Container): boolean {
  return container.type !== 'ephemeralContainer';
}

export function containerAnchor(container: Container): YNode | readonly [number, number] {
  return container.nameNode ?? container.imageNode ?? [container.span[0], container.span[0]];
}

/**
 * Reports containers lacking `field`. A limit implies the request of the same resource
 * (Kubernetes copies it), so `impliedBy` names the field that makes the absence harmless.
 * A field that a kustomize overlay patches into the container counts as present.
 */
export function reportMissingResource(
  ctx: FileContext, field: ResourceField, explain: (container: Container) => string, impliedBy?: ResourceField,
): void {
  // A kustomize patch holds only what it changes: what it leaves out comes from the base.
  if (isKustomizePatch(ctx.allFiles, ctx.file)) return;
  for (const c of ctx.containers()) {
    if (!takesResources(c)) continue;
    const resources = resourcesOf(ctx, c);
    if (!resources.known || resources.get(field)) continue;
    if (impliedBy && resources.get(impliedBy)) continue;
    const patched = fieldsPatchedByKustomize(ctx.allFiles, ctx.file, c);
    if (patched.has(field) || (impliedBy && patched.has(impliedBy))) continue;
    ctx.report(containerAnchor(c), `${c.label}: ${explain(c)}`, { span: c.span });
  }
}
