/**
 * Whether a workload exposes metrics: scrape annotations, a port or flag named like metrics, an
 * exporter sidecar, or a ServiceMonitor/PodMonitor (or a scraped Service) that selects its pods.
 */
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { asMap, asSeq, child, getPath, scalarString, type YAMLMap } from '../parse/yaml.js';
import { isTemplated } from '../parse/helm-mask.js';
import type { K8sObject } from './objects.js';
import { containersOf, type Workload } from './workloads.js';
import { mayHideKeys } from './workload-template.js';

/** Known label pairs, and whether templates may add or change others. */
export interface Labels {
  known: Map<string, string>;
  partial: boolean;
}

export function readLabels(file: ParsedFile, doc: Document.Parsed, node: unknown): Labels {
  const map = asMap(doc, node);
  const known = new Map<string, string>();
  let partial = node !== undefined && !map ? true : mayHideKeys(file, map);
  for (const pair of map?.items ?? []) {
    const key = scalarString(doc, pair.key);
    const value = scalarString(doc, pair.value) ?? '';
    if (key === undefined || isTemplated(key) || isTemplated(value)) partial = true;
    else known.set(key, value);
  }
  return { known, partial };
}

/** True when a selector may select the labels; templated parts on either side count as a match. */
export function mayMatch(selector: Labels, labels: Labels): boolean {
  for (const [key, value] of selector.known) {
    const actual = labels.known.get(key);
    if (actual === undefined ? !labels.partial : actual !== value) return false;
  }
  return true;
}

function podMetadata(workload: Workload): YAMLMap | undefined {
  const { doc, object } = workload;
  const path = object.kind === 'Pod' ? ['metadata'] : ['spec', 'template', 'metadata'];
  return asMap(doc, getPath(doc, object.map, path));
}

export function podLabels(file: ParsedFile, workload: Workload): Labels {
  const metadata = podMetadata(workload);
  if (!metadata) return { known: new Map(), partial: mayHideKeys(file, asMap(workload.doc, getPath(workload.doc, workload.object.map, ['spec', 'template']))) };
  const labels = child(workload.doc, metadata, 'labels');
  if (labels === undefined) return { known: new Map(), partial: mayHideKeys(file, metadata) };
  return readLabels(file, workload.doc, labels);
}

const SCRAPE_ANNOTATION = /^(prometheus\.io\/|k8s\.grafana\.com\/scrape|instrumentation\.opentelemetry\.io\/inject-)|^ad\.datadoghq\.com\/.*(openmetrics|prometheus|checks)/i;
const METRICS_NAME = /metric|prom|telemetry|monitor|exporter|stats/i;

/** `yes` when annotations scrape it; `unknown` when templates write the annotations. */
function annotated(file: ParsedFile, doc: Document.Parsed, metadata: YAMLMap | undefined): 'yes' | 'no' | 'unknown' {
  const node = child(doc, metadata, 'annotations');
  const annotations = asMap(doc, node);
  for (const pair of annotations?.items ?? []) {
    const key = scalarString(doc, pair.key) ?? '';
    if (SCRAPE_ANNOTATION.test(key) && !(key === 'prometheus.io/scrape' && scalarString(doc, pair.value) === 'false')) return 'yes';
  }
  if (node === undefined) return mayHideKeys(file, metadata) ? 'unknown' : 'no';
  if (!annotations || mayHideKeys(file, annotations) || annotations.items.some((p) => isTemplated(scalarString(doc, p.key) ?? ''))) return 'unknown';
  return 'no';
}

/** What the workload itself says about metrics, without looking at other objects. */
export function exposesMetrics(file: ParsedFile, workload: Workload): 'yes' | 'no' | 'unknown' {
  const { doc } = workload;
  const fromPod = annotated(file, doc, podMetadata(workload));
  const fromObject = annotated(file, doc, asMap(doc, child(doc, workload.object.map, 'metadata')));
  if (fromPod === 'yes' || fromObject === 'yes') return 'yes';
  for (const c of file.yaml ? containersOf(file.yaml, workload) : []) {
    if (c.image && !isTemplated(c.image) && /exporter/i.test(c.image.split('/').pop() ?? '')) return 'yes';
    for (const item of asSeq(doc, child(doc, c.map, 'ports'))?.items ?? []) {
      if (METRICS_NAME.test(scalarString(doc, child(doc, asMap(doc, item), 'name')) ?? '')) return 'yes';
    }
    for (const list of ['args', 'command']) {
      if (asSeq(doc, child(doc, c.map, list))?.items.some((i) => /metrics/i.test(scalarString(doc, i) ?? ''))) return 'yes';
    }
  }
  return fromPod === 'unknown' ? 'unknown' : 'no';
}

const POD_SCRAPERS = new Set(['PodMonitor', 'VMPodScrape', 'PodMonitoring', 'ClusterPodMonitoring']);
const SERVICE_SCRAPERS = new Set(['ServiceMonitor', 'VMServiceScrape']);

/** A ServiceMonitor, PodMonitor or a VictoriaMetrics or Google equivalent, as plain data. */
export interface ScraperFacts {
  kind: string;
  name: string;
  /** Whom the selector picks: pods directly, or Services (whose own selector picks pods). */
  selects: 'pods' | 'services';
  selector: Labels;
}

/** The monitors of one file, as plain data. */
export function scraperFactsOf(file: ParsedFile): ScraperFacts[] {
  const out: ScraperFacts[] = [];
  for (const object of file.objects) {
    const scraper = scraperOf(file, object);
    if (scraper) out.push({ kind: object.kind, name: object.name, ...scraper });
  }
  return out;
}

function scraperOf(file: ParsedFile, object: K8sObject): Pick<ScraperFacts, 'selects' | 'selector'> | undefined {
  const selects = POD_SCRAPERS.has(object.kind) ? 'pods' : SERVICE_SCRAPERS.has(object.kind) ? 'services' : undefined;
  if (!selects) return undefined;
  return { selects, selector: selectorOf(file, object.doc, getPath(object.doc, object.map, ['spec', 'selector'])) };
}

/** A label selector's `matchLabels`; `matchExpressions` are not evaluated and count as a match. */
export function selectorOf(file: ParsedFile, doc: Document.Parsed, node: unknown): Labels {
  const map = asMap(doc, node);
  if (!map) return { known: new Map(), partial: true };
  const matchLabels = child(doc, map, 'matchLabels');
  if (matchLabels !== undefined) return readLabels(file, doc, matchLabels);
  return { known: new Map(), partial: child(doc, map, 'matchExpressions') !== undefined || mayHideKeys(file, map) };
}

/** A Service's labels, its pod selector, and whether annotations scrape it: plain data. */
export interface ServiceFacts {
  labels: Labels;
  /** Undefined for a Service without a selector: it selects no pods. */
  selector?: Labels;
  scraped: boolean;
}

/** The Services of one file, as plain data. */
export function serviceFactsOf(file: ParsedFile): ServiceFacts[] {
  const out: ServiceFacts[] = [];
  for (const object of file.objects) {
    if (object.kind !== 'Service') continue;
    const { doc } = object;
    const metadata = asMap(doc, child(doc, object.map, 'metadata'));
    const selector = getPath(doc, object.map, ['spec', 'selector']);
    const facts: ServiceFacts = { labels: readLabels(file, doc, child(doc, metadata, 'labels')), scraped: annotated(file, doc, metadata) === 'yes' };
    if (selector !== undefined) facts.selector = readLabels(file, doc, selector);
    out.push(facts);
  }
  return out;
}
