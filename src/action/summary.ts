/** The job summary (GITHUB_STEP_SUMMARY): counts, then the findings as a Markdown table. */
import type { Finding } from '../model/types.js';
import { countBySeverity, plural } from '../report/summary.js';
import { codeSpan, inert } from '../report/inert.js';

const MAX_ROWS = 200;

export function jobSummary(findings: readonly Finding[], failed: boolean): string {
  const counts = countBySeverity(findings);
  const head = `## Kubernetes anti-patterns\n\n${failed ? ':x:' : ':white_check_mark:'} ${findings.length === 0 ? 'No anti-patterns in the lines this change touched.' : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.hint, 'hint')} in the lines this change touched.`}\n`;
  if (findings.length === 0) return head;
  // Names and paths come from the pull request: inert text, and no `|` to break the table.
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = findings.slice(0, MAX_ROWS).map((f) => `| ${f.severity} | ${cell(codeSpan(`${f.file}:${f.line}`))} | \`${f.rule}\` | ${cell(inert(f.message))} |`);
  const more = findings.length > MAX_ROWS ? `\n…and ${findings.length - MAX_ROWS} more (see the annotations).\n` : '';
  return `${head}\n| Severity | Where | Rule | Finding |\n|---|---|---|---|\n${rows.join('\n')}\n${more}\nRun \`npx k8s-antipatterns explain <rule-id>\` for why and how to fix.\n`;
}
