/** The job summary (GITHUB_STEP_SUMMARY) and the check run's summary: counts, config, findings, skipped files. */
import type { FileResult, Finding } from '../model/types.js';
import { countBySeverity, plural } from '../report/summary.js';
import { codeSpan, inert } from '../report/inert.js';
import { notReviewed } from '../report/text.js';
import { docsUrl } from '../report/links.js';

const MAX_ROWS = 200;

export interface SummaryInput {
  findings: readonly Finding[];
  files: readonly FileResult[];
  failed: boolean;
  /** Lines about how the review was done: revisions, config, where the annotations went. */
  notes: readonly string[];
  /** Whether to list every finding (the job summary) or only count them (a check run has annotations). */
  table: boolean;
}

export function headline(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  return findings.length === 0
    ? 'No anti-patterns in the lines this change touched.'
    : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.hint, 'hint')} in the lines this change touched.`;
}

export function jobSummary(input: SummaryInput): string {
  const { findings } = input;
  const out = [`## Kubernetes anti-patterns`, '', `${input.failed ? ':x:' : ':white_check_mark:'} ${headline(findings)}`, ''];
  for (const note of input.notes) out.push(`- ${note}`);
  if (input.notes.length > 0) out.push('');
  // Names, paths and messages come from the pull request: inert text, and no `|` to break the table.
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  if (input.table && findings.length > 0) {
    out.push('| Severity | Where | Rule | Finding |', '|---|---|---|---|');
    for (const f of findings.slice(0, MAX_ROWS)) {
      out.push(`| ${f.severity} | ${cell(codeSpan(`${f.file}:${f.line}`))} | [\`${f.rule}\`](${docsUrl(f.rule)}) | ${cell(inert(f.message))} |`);
    }
    if (findings.length > MAX_ROWS) out.push('', `…and ${findings.length - MAX_ROWS} more (see the annotations, or the SARIF file).`);
    out.push('');
  }
  const unseen = notReviewed(input.files);
  if (unseen.length > 0) {
    out.push('### Files skipped or not readable', '', ...unseen.map((f) => `- ${codeSpan(f.path)}: ${inert(f.reason ?? f.status)}`), '');
  }
  if (findings.length > 0) out.push('Each rule links to why it matters and how to fix it; `npx k8s-antipatterns explain <rule-id>` prints the same.', '');
  return out.join('\n');
}
