/**
 * Container images of Helm templates, resolved against the chart's values: which image a template
 * really deploys, and which values line supplies its tag (or its name, when it has no tag).
 */
import type { ParsedFile } from '../engine/parsed-file.js';
import type { FileContext } from '../engine/context.js';
import { parseImage, type ImageRef } from '../k8s/image.js';
import { containersOf, toWorkload, type Container, type Workload } from '../k8s/workloads.js';
import { lineSpan, type YNode } from '../parse/yaml.js';
import { chartOf, resolveScalar, templatesOf, type Chart, type ValueSource } from './values.js';

export interface ResolvedImage {
  text: string;
  ref: ImageRef;
  /** The value the tag comes from; for an untagged image, the value the name ends with. */
  source?: ValueSource;
}

/**
 * The image a template scalar renders to, or undefined when any part is unknown or unset (an unset
 * tag renders `repo:`, which Kubernetes rejects: the chart expects it from the deployer).
 */
export function resolveImage(file: ParsedFile, node: YNode | undefined, chart: Chart): ResolvedImage | undefined {
  const resolved = resolveScalar(file, node, chart);
  if (!resolved || resolved.pieces.some((p) => p.empty)) return undefined;
  const ref = parseImage(resolved.text);
  if (ref.dynamic) return undefined;
  // The tag starts after the name and its colon; without a tag, blame the piece the name ends in.
  const at = ref.tag !== undefined ? ref.name.length + 1 : Math.max(0, ref.name.length - 1);
  let offset = 0;
  for (const piece of resolved.pieces) {
    if (at < offset + piece.text.length) return { text: resolved.text, ref, source: piece.source };
    offset += piece.text.length;
  }
  return { text: resolved.text, ref };
}

/** A template container's image, resolved when the template is in a chart whose values we have. */
export function resolveContainerImage(file: ParsedFile, allFiles: readonly ParsedFile[], container: Container): ResolvedImage | undefined {
  const chart = chartOf(file, allFiles);
  return chart ? resolveImage(file, container.imageNode, chart) : undefined;
}

export interface ChartImage {
  template: ParsedFile;
  container: Container;
  image: ResolvedImage;
  source: ValueSource;
}

/** Images of a chart's templates whose tag (or untagged name) a default values file supplies. */
export function chartImagesFrom(values: ParsedFile, allFiles: readonly ParsedFile[]): ChartImage[] {
  const chart = chartOf(values, allFiles);
  if (!chart || chart.values !== values) return [];
  const out: ChartImage[] = [];
  for (const template of templatesOf(chart, allFiles)) {
    if (!template.yaml) continue;
    const workloads = template.objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
    for (const container of workloads.flatMap((w) => containersOf(template.yaml!, w))) {
      if (!container.image || !parseImage(container.image).dynamic) continue;
      const image = resolveImage(template, container.imageNode, chart);
      if (image?.source?.file === values) out.push({ template, container, image, source: image.source });
    }
  }
  return out;
}

/** `values.yaml line 12 (image.tag)` */
export function describeSource(source: ValueSource): string {
  const line = source.file.yaml ? lineSpan(source.file.yaml, source.node)?.[0] : undefined;
  return `${source.file.path}${line ? ` line ${line}` : ''} (${source.path})`;
}

/** True when the source is a values file of the change: the finding belongs on its line, not here. */
export function reportedInValues(source: ValueSource | undefined): boolean {
  return source !== undefined && source.file.kind === 'helm-values' && source.file.source.status !== 'unchanged';
}

export interface DeployedImage {
  ref: ImageRef;
  /** The image as written, or as resolved from values. */
  text: string;
  /** ` (from web/values.yaml line 12 (image.tag))` when resolved, else empty. */
  from: string;
}

/**
 * The image a container deploys: its literal reference, or for a Helm template the reference
 * resolved from the chart's values. Undefined when unknown, and when the value comes from a values
 * file of the change: rules report that on the values line (see `chartImagesFrom`).
 */
export function deployedImage(ctx: FileContext, container: Container): DeployedImage | undefined {
  if (!container.image) return undefined;
  const ref = parseImage(container.image);
  if (!ref.dynamic || ctx.file.kind !== 'helm-template') return { ref, text: container.image, from: '' };
  const resolved = resolveContainerImage(ctx.file, ctx.allFiles, container);
  if (!resolved || reportedInValues(resolved.source)) return undefined;
  return { ref: resolved.ref, text: resolved.text, from: resolved.source ? ` (from ${describeSource(resolved.source)})` : '' };
}
