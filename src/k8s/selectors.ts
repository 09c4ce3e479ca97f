/**
 * Label selectors (`matchLabels` and `matchExpressions`) evaluated against pod labels, and which
 * Services in view may send a workload traffic. Templated parts on either side make the answer
 * `maybe`, and rules stay quiet on `maybe`.
 */
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { isTemplated } from '../parse/helm-mask.js';
import { asMap, asSeq, child, getPath, isNullNode, scalarString } from '../parse/yaml.js';
import { mayMatch, readLabels, type Labels } from './metrics.js';
import { mayHideKeys } from './workload-template.js';
import { selectorIndex, type SelectorCandidates } from './selector-index.js';

export type Match = 'yes' | 'no' | 'maybe';

interface Expression {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Labels;
  expressions: Expression[];
  /** Written by a template, or in a form not read here: it may select anything. */
  unknown: boolean;
  /** `{}` (or no criteria at all): selects every pod of the namespace. */
  empty: boolean;
}

/** A `metav1.LabelSelector` (`podSelector`, `spec.selector` of a Deployment or PodMonitor). */
export function labelSelectorOf(file: ParsedFile, doc: Document.Parsed, node: unknown): LabelSelector {
  const map = asMap(doc, node);
  if (!map) {
    // `podSelector:` left null selects everything, like `{}`; in a Helm template a null value may be
    // followed by an `include` that writes the selector, and any other scalar is not a selector.
    const unknown = !isNullNode(doc, node) || (file.templateActionLines?.size ?? 0) > 0;
    return { matchLabels: { known: new Map(), partial: false }, expressions: [], unknown, empty: !unknown };
  }
  const matchLabels = readLabels(file, doc, child(doc, map, 'matchLabels'));
  let unknown = matchLabels.partial || mayHideKeys(file, map);
  const expressions: Expression[] = [];
  const expressionsNode = child(doc, map, 'matchExpressions');
  if (expressionsNode !== undefined && !asSeq(doc, expressionsNode)) unknown = true;
  for (const item of asSeq(doc, expressionsNode)?.items ?? []) {
    const e = asMap(doc, item);
    const key = scalarString(doc, child(doc, e, 'key'));
    const operator = scalarString(doc, child(doc, e, 'operator'));
    const valuesNode = child(doc, e, 'values');
    const values = (asSeq(doc, valuesNode)?.items ?? []).map((v) => scalarString(doc, v) ?? '');
    if (!e || key === undefined || operator === undefined || isTemplated(key) || isTemplated(operator) || values.some(isTemplated) || (valuesNode !== undefined && !asSeq(doc, valuesNode))) {
      unknown = true;
      continue;
    }
    expressions.push({ key, operator, values });
  }
  return { matchLabels, expressions, unknown, empty: !unknown && matchLabels.known.size === 0 && expressions.length === 0 };
}

/** Whether the selector selects pods with these labels. */
export function selectorMatches(selector: LabelSelector, labels: Labels): Match {
  if (selector.unknown) return 'maybe';
  let result: Match = 'yes';
  const lower = (m: Match): void => {
    if (m === 'no' || (m === 'maybe' && result === 'yes')) result = m;
  };
  const absent = (ifAbsent: Match): Match => (labels.partial ? 'maybe' : ifAbsent);
  for (const [key, value] of selector.matchLabels.known) {
    const actual = labels.known.get(key);
    lower(actual === undefined ? absent('no') : actual === value ? 'yes' : 'no');
  }
  for (const { key, operator, values } of selector.expressions) {
    const actual = labels.known.get(key);
    switch (operator) {
      case 'In': lower(actual === undefined ? absent('no') : values.includes(actual) ? 'yes' : 'no'); break;
      case 'NotIn': lower(actual === undefined ? absent('yes') : values.includes(actual) ? 'no' : 'yes'); break;
      case 'Exists': lower(actual === undefined ? absent('no') : 'yes'); break;
      case 'DoesNotExist': lower(actual === undefined ? absent('yes') : 'no'); break;
      default: lower('maybe');
    }
  }
  return result;
}

/** A short description for messages: `app=api, tier in (web)`, or `all pods`. */
export function describeSelector(selector: LabelSelector): string {
  if (selector.unknown) return 'a templated selector';
  if (selector.empty) return 'all pods';
  const parts = [...selector.matchLabels.known].map(([k, v]) => `${k}=${v}`);
  for (const e of selector.expressions) {
    parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${e.values.join(', ')})`);
  }
  return parts.join(', ');
}

/** A Service's namespace and pod selector: what says whether it may send a pod traffic (plain data). */
export interface ServiceSelector {
  namespace?: string;
  selector: Labels;
}

/** The Services of a file that select pods (a Service without a selector has its endpoints managed by hand). */
export function serviceSelectorsOf(file: ParsedFile): ServiceSelector[] {
  const services: ServiceSelector[] = [];
  for (const object of file.objects) {
    if (object.kind !== 'Service') continue;
    const selector = getPath(object.doc, object.map, ['spec', 'selector']);
    if (selector === undefined) continue;
    services.push({ namespace: object.namespace, selector: readLabels(file, object.doc, selector) });
  }
  return services;
}

/** Services indexed by selector, built once, so that each pod meets only the Services that may select it. */
export function serviceIndex(services: readonly ServiceSelector[]): SelectorCandidates<ServiceSelector> {
  return selectorIndex(services, (svc) => svc.selector);
}

/**
 * True when one of the Services (of the change and its context) may select pods with these labels
 * in this namespace: same or unknown namespace, and a selector the labels may satisfy.
 */
export function mayBeSelectedByService(services: SelectorCandidates<ServiceSelector>, namespace: string | undefined, labels: Labels): boolean {
  return services(labels).some((svc) => {
    if (svc.namespace !== undefined && namespace !== undefined && svc.namespace !== namespace) return false;
    return svc.selector.known.size > 0 || svc.selector.partial ? mayMatch(svc.selector, labels) : false;
  });
}
