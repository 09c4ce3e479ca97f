/**
 * Renders a rule's explanation from its docs: the one text behind `k8s-antipatterns explain`,
 * `/antipattern explain`, SARIF help and the README table.
 */
import type { Rule, RuleKind } from '../engine/rule.js';
import { antipatternByNumber } from '../engine/antipatterns.js';
import { RULES } from '../engine/registry.js';
import { defaultExamplePath } from '../engine/examples.js';

const FENCE: Partial<Record<RuleKind, string>> = {
  dockerfile: 'dockerfile', script: 'sh', terraform: 'hcl', source: '',
};

/** Markdown explanation of one rule. */
export function explainRule(rule: Rule): string {
  const ap = antipatternByNumber(rule.antipattern);
  const example = rule.docs.examples[0];
  const path = example.path ?? defaultExamplePath(rule.kinds[0]);
  const lang = FENCE[rule.kinds[0]] ?? (/\.ya?ml$/.test(path) ? 'yaml' : '');
  return [
    `## ${rule.docs.title} (\`${rule.id}\`)`,
    '',
    `Anti-pattern ${rule.antipattern}${ap ? `: ${ap.title}` : ''}. Default severity: **${rule.severity}**. Looks at: ${rule.kinds.join(', ')}.`,
    '',
    rule.docs.summary,
    '',
    '### Why it hurts',
    '',
    rule.docs.why,
    '',
    '### How to fix it',
    '',
    rule.docs.fix,
    '',
    `### Example (\`${path}\`)`,
    '',
    'Flagged:',
    '',
    '```' + lang,
    example.bad.trimEnd(),
    '```',
    '',
    'Fine:',
    '',
    '```' + lang,
    example.good.trimEnd(),
    '```',
    '',
    '### Suppressing it',
    '',
    `On the line or the line above: \`# k8s-antipatterns-ignore: ${rule.id} -- <reason>\`. On a Kubernetes object: the annotation \`k8s-antipatterns.io/ignore: "${rule.id}"\`. For the whole repository: \`rules: { ${rule.id}: off }\` in \`.github/k8s-antipatterns.yml\`.`,
  ].join('\n');
}

/** Markdown explanation of an anti-pattern and the rules that detect it. */
export function explainAntipattern(n: number): string | undefined {
  const ap = antipatternByNumber(n);
  if (!ap) return undefined;
  const rules = RULES.filter((r) => r.antipattern === n);
  return [
    `## Anti-pattern ${ap.number}: ${ap.title}`,
    '',
    ap.summary,
    '',
    rules.length ? '| Rule | Severity | Title |\n|---|---|---|\n' + rules.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.docs.title} |`).join('\n') : 'No rule detects it yet.',
  ].join('\n');
}

/** Markdown as plain terminal text: headings, emphasis and code marks are dropped; code blocks are indented, untouched. */
export function markdownToText(markdown: string): string {
  let inCode = false;
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (inCode) out.push(`    ${line}`);
    else out.push(line.replace(/^#+\s+/, '').replace(/\*\*(.*?)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1'));
  }
  return out.join('\n');
}
