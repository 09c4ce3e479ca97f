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

/** The engine's own findings, explained like rules (they have no rule module). */
const ENGINE_TEXT: Record<string, string> = {
  'parse-error': [
    '## File could not be parsed (`parse-error`)', '',
    'The engine raises this itself when a file of a kind the rules read does not parse (broken YAML, an unclosed Helm action, an HCL syntax error), so that nothing is skipped silently. The finding is on the line where reading stopped; in a multi-document YAML file the documents that do parse are still reviewed.', '',
    'Default severity: **warning** for a syntax error, **error** when the file was refused as too complex (its message starts with "too complex:"): a file built to stall a reviewer, or one too deep or too large to review, must not pass unseen.', '',
    '**Fix:** correct the syntax at the line given; for "too complex", split the file or flatten what is nested. `rules: { parse-error: off }` in `.github/k8s-antipatterns.yml` turns it off.',
  ].join('\n'),
  'internal-error': [
    '## A rule could not run on this file (`internal-error`)', '',
    'A rule failed on this file: a bug of ours, or input it did not expect. The rest of the review went on, but this file was not fully reviewed, so it needs a human look.', '',
    'Default severity: **error**, so that a review that could not finish does not pass a change unseen. Please report it with the message.', '',
    '**Fix:** nothing in your file may be wrong. `rules: { internal-error: warning }` in `.github/k8s-antipatterns.yml` lets such files pass while the rule is fixed.',
  ].join('\n'),
};

export function explainEngineFinding(id: string): string | undefined {
  return ENGINE_TEXT[id];
}
