/**
 * What the bot answers to `help`, `explain` and `list`: Markdown built from the rules' own docs
 * (the same text as `k8s-antipatterns explain`) and the repository's config.
 */
import type { Config } from '../config/config.js';
import { ENGINE_RULES, RULES, ruleById } from '../engine/registry.js';
import { explainAntipattern, explainEngineFinding, explainRule } from '../report/explain.js';
import { quoted, sanitize } from './replies.js';
import { resolveTopic } from './topics.js';
import type { Waiver } from './waivers.js';

export const HELP = [
  '### Commands',
  '',
  "Write a command on a line of its own, in this pull request's conversation or in the thread of one of my review comments. Case does not matter, and one comment may hold several commands, one per line.",
  '',
  '- `/antipattern explain <rule-id | anti-pattern number | words>`: what a rule looks for, why it hurts, how to fix it, with an example. In the thread of a finding, `/antipattern explain` alone explains that finding.',
  '- `/antipattern list`: the rules and the severities in force for this repository.',
  '- `/antipattern recheck`: reviews the current head commit again.',
  '- `/antipattern ignore <rule-id> -- <reason>`: waives a rule for this pull request. In the thread of a finding, `/antipattern ignore -- <reason>` waives that one finding. Needs write, maintain or admin permission on the repository.',
  '- `/antipattern unignore <rule-id>`: takes a waiver back; in the thread of a finding, `/antipattern unignore` alone takes back the waiver of that finding.',
  '- `/antipattern help`: this list.',
].join('\n');

export function titleOf(id: string): string {
  return ruleById(id)?.docs.title ?? ENGINE_RULES[id]?.title ?? id;
}

/** The explanation of one rule id, including the engine's own pseudo-rules. */
export function explainRuleId(id: string): string {
  const rule = ruleById(id);
  if (rule) return explainRule(rule);
  const engine = explainEngineFinding(id);
  if (engine) return engine;
  return `I know no rule ${quoted(id)}. \`/antipattern list\` shows every rule.`;
}

/** `/antipattern explain <topic>`: a rule, an anti-pattern, the rules matching some words, or "did you mean". */
export function explainTopic(topic: string): string {
  const found = resolveTopic(topic);
  switch (found.kind) {
    case 'rule': return explainRule(found.rule);
    case 'antipattern': return explainAntipattern(found.number) ?? explainRuleId(topic);
    case 'matches': return [
      `Several rules match ${quoted(topic)}:`, '',
      ...found.rules.map((r) => `- \`${r.id}\`: ${r.docs.title}`), '',
      'Ask about one of them: `/antipattern explain <rule-id>`.',
    ].join('\n');
    case 'unknown': return [
      `I know no rule or topic ${quoted(topic)}.`,
      found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((s) => `\`${s}\``).join(', ')}?` : '',
      ' `/antipattern list` shows every rule.',
    ].join('');
  }
}

/** `/antipattern list`: every rule with its severity in force, from the default branch's config. */
export function listRules(config: Config, waivers: readonly Waiver[]): string {
  const lines = [
    '### Rules in force for this repository', '',
    `Severities come from \`.github/k8s-antipatterns.yml\` on the default branch (the defaults where it says nothing). The check fails on findings ${config.fail_on === 'never' ? 'never (`fail_on: never`)' : `at or above \`${config.fail_on}\` (\`fail_on\`)`}.`,
    '',
    '| Rule | Anti-pattern | Severity | Title |', '|---|---:|---|---|',
  ];
  for (const r of RULES) {
    const setting = config.rules[r.id] ?? r.severity;
    const shown = setting === r.severity ? setting : `**${setting}** (default ${r.severity})`;
    lines.push(`| \`${r.id}\` | ${r.antipattern} | ${shown} | ${r.docs.title} |`);
  }
  if (waivers.length > 0) lines.push('', '**Waived in this pull request:**', '', ...waivers.map((w) => `- ${describeWaiver(w, false)}`));
  return lines.join('\n');
}

/**
 * One waiver in words: what, by whom, why. `mention`: name the person with an @-mention (in the
 * check run, where it notifies nobody); replies name them without one, so as not to ping again.
 */
export function describeWaiver(w: Waiver, mention: boolean): string {
  const what = w.fingerprint ? `one finding of \`${w.rule ?? 'a rule'}\`` : `\`${w.rule}\``;
  return `${what}, waived by ${mention ? '@' : ''}${w.by}: ${w.reason ? sanitize(w.reason) : 'no reason given'}`;
}
