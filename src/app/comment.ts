/** How one finding reads in a review comment or a review body; the text comes from the rule's docs. */
import type { Finding, Severity } from '../model/types.js';
import { ENGINE_RULES, ruleById } from '../engine/registry.js';
import { withTrailer, type MarkerScope } from './markers.js';
import { codeFence, inert } from '../report/inert.js';

export const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', hint: 'Hint' };

export function ruleTitle(rule: string): string {
  return ruleById(rule)?.docs.title ?? ENGINE_RULES[rule]?.title ?? rule;
}

export function whyLine(rule: string): string {
  return `Why? /antipattern explain ${rule}`;
}

/**
 * One finding: severity, rule id and title, the message, the fix, and an explain hint last.
 * `asSuggestion`: the replacement covers exactly the commented lines, so GitHub can apply it.
 */
export function findingSection(f: Finding, asSuggestion: boolean): string {
  const parts = [`**${SEVERITY_LABEL[f.severity]}** · \`${f.rule}\` · ${ruleTitle(f.rule)}`, inert(f.message)];
  const fix = ruleById(f.rule)?.docs.fix;
  if (fix) parts.push(`**Fix:** ${fix}`);
  if (f.suggestion !== undefined) {
    const code = f.suggestion.replace(/\n$/, '');
    // Inside a fence the code is inert; a fence longer than any backtick run in it keeps it closed.
    const fence = codeFence(code);
    const lines = f.endLine > f.line ? `lines ${f.line}–${f.endLine}` : `line ${f.line}`;
    parts.push(asSuggestion ? `${fence}suggestion\n${code}\n${fence}` : `Suggested replacement for ${lines}:\n${fence}\n${code}\n${fence}`);
  }
  parts.push(whyLine(f.rule));
  return parts.join('\n\n');
}

/** An inline comment: several findings on one line become one comment that lists them. */
export function commentBody(findings: readonly Finding[], asSuggestion: boolean, scope: MarkerScope): string {
  const sections = findings.map((f) => findingSection(f, asSuggestion && findings.length === 1));
  return withTrailer(sections.join('\n\n---\n\n'), { fp: findings.map((f) => f.fingerprint), rules: findings.map((f) => f.rule) }, scope);
}
