/**
 * Inline suppressions: `# k8s-antipatterns-ignore: rule-a,rule-b -- reason` on the finding's line
 * or the line above, and the `k8s-antipatterns.io/ignore` annotation on the object.
 */
import type { Suppression } from '../model/types.js';
import type { ParsedFile } from './parsed-file.js';
import type { K8sObject } from '../k8s/objects.js';

const MARK = 'k8s-antipatterns-ignore:';
/** The rule list: ids, commas and spaces only (one character class: linear on any line). */
const RULE_LIST = /^[a-z0-9][a-z0-9,\s-]*$/;

/** `<rules> -- <reason>` after the mark, read in code: the line is the pull request author's. */
function parseDirective(line: string): Directive | undefined {
  const at = line.indexOf(MARK);
  if (at < 0) return undefined;
  const rest = line.slice(at + MARK.length);
  const dash = rest.indexOf('--');
  const list = (dash >= 0 ? rest.slice(0, dash) : rest).trim();
  if (!RULE_LIST.test(list)) return undefined;
  const reason = dash >= 0 ? rest.slice(dash + 2).trim() : '';
  return { rules: new Set(list.split(',').map((s) => s.trim()).filter(Boolean)), reason: reason || undefined };
}

export interface Directive {
  rules: Set<string>;
  reason?: string;
}

/** Directives by line; a file is scanned once, and only when it mentions the marker. */
export function directivesOf(file: ParsedFile): Map<number, Directive> {
  const out = new Map<number, Directive>();
  if (!file.text.includes('k8s-antipatterns-ignore:')) return out;
  file.lines.forEach((line, index) => {
    const directive = parseDirective(line);
    if (directive) out.set(index + 1, directive);
  });
  return out;
}

/** `object` is the Kubernetes object the finding's line belongs to, if any. */
export function findSuppression(
  directives: Map<number, Directive>, object: K8sObject | undefined, rule: string, line: number, span: [number, number],
): Suppression | undefined {
  for (const candidate of [line, line - 1, span[0], span[0] - 1]) {
    const directive = directives.get(candidate);
    if (directive && (directive.rules.has(rule) || directive.rules.has('all'))) {
      return { by: 'comment', reason: directive.reason };
    }
  }
  if (object && (object.ignored.has(rule) || object.ignored.has('all'))) {
    return { by: 'annotation', reason: `annotation k8s-antipatterns.io/ignore on ${object.kind} ${object.name}` };
  }
  return undefined;
}
