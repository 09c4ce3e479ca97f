/**
 * What `/antipattern explain <topic>` means: a rule id, an anti-pattern number, or words that
 * match rule titles ("explain probes"). Unknown ids get the closest matches.
 */
import { closest } from '../config/config.js';
import { RULES, ruleById } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';

export type Topic =
  | { kind: 'rule'; rule: Rule }
  | { kind: 'antipattern'; number: number }
  | { kind: 'matches'; rules: Rule[] }
  | { kind: 'unknown'; suggestions: string[] };

export function resolveTopic(topic: string): Topic {
  const text = topic.trim().toLowerCase().replace(/^`|`$/g, '');
  const rule = ruleById(text);
  if (rule) return { kind: 'rule', rule };
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 15) return { kind: 'antipattern', number: Number(text) };
  const words = text.split(/[\s,]+/).filter((w) => w.length >= 3).map(stem);
  if (words.length > 0 && !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(text)) {
    const matches = RULES.filter((r) => {
      const haystack = `${r.id} ${r.docs.title} ${r.docs.summary}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
    if (matches.length === 1) return { kind: 'rule', rule: matches[0]! };
    if (matches.length > 1) return { kind: 'matches', rules: matches.slice(0, 10) };
  }
  const near = closest(text, RULES.map((r) => r.id));
  const prefix = RULES.filter((r) => r.id.includes(text) || text.includes(r.id.split('-')[0]!)).map((r) => r.id);
  return { kind: 'unknown', suggestions: [...new Set([...(near ? [near] : []), ...prefix])].slice(0, 5) };
}

/** "probes" matches "probe", "limits" matches "limit". */
function stem(word: string): string {
  return word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word;
}
