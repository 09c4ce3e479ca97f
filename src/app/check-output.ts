/**
 * What the check run says: a title with counts, a Markdown summary (a table by anti-pattern and
 * severity, skipped files, waived rules, how to suppress), the findings with links in the text,
 * and one annotation per finding on the changed lines. Long lists are folded to fit GitHub.
 *
 * The conclusion (README.md, "The GitHub App", has the same table). The first row that applies
 * decides:
 *
 * | What happened                                                        | Conclusion |
 * |----------------------------------------------------------------------|------------|
 * | A finding at or above `fail_on`                                      | failure    |
 * | The analysis was stopped: the change is too complex (time or memory) | failure    |
 * | GitHub kept failing: nothing could be reviewed, the review could not | neutral    |
 * |   be posted, or a changed file could not be read (the reason and     |            |
 * |   what to do are in the summary)                                     |            |
 * | The config on the default branch is invalid                          | neutral    |
 * | Nothing to review: no file of a kind the rules read                  | success    |
 * | Otherwise (findings below `fail_on`, or none)                        | success    |
 *
 * Whatever failed is one line of the summary that says what to do: a file skipped or not
 * readable, a rule that could not run, findings without an annotation, threads not resolved.
 * The last three do not change the conclusion: the verdict on the change is complete.
 */
import type { Finding, Result, Severity } from '../model/types.js';
import { SEVERITIES, SEVERITY_RANK } from '../model/types.js';
import type { Config } from '../config/config.js';
import { antipatternByNumber } from '../engine/antipatterns.js';
import { countBySeverity, plural, reachesFailOn } from '../report/summary.js';
import { SEVERITY_LABEL, ruleTitle, whyLine } from './comment.js';
import { foldLines } from './fold.js';
import { NOT_GIVEN } from '../github/collect-change.js';
import { lineLink, type Links } from './links.js';
import { codeSpan, inert } from '../report/inert.js';
import { annotationOrder, LEVEL, type Annotation } from '../report/annotations.js';

export { annotationOrder, type Annotation };

/** Annotations beyond this many stay in the text only (20 update requests at most). */
export const MAX_ANNOTATIONS = 1000;

/** How to see every finding when the check run cannot hold them all. */
export const SEE_ALL = 'run `npx k8s-antipatterns diff --base <merge-base>` in a checkout of this commit (add `--format sarif` for a SARIF file)';


export interface CheckReport {
  title: string;
  summary: string;
  text?: string;
  conclusion: 'success' | 'failure' | 'neutral';
  annotations: Annotation[];
}

export interface ReportInput {
  result: Result;
  config: Config;
  links: Links;
  /** Listed files, and those no rule reads or the config ignores. */
  files: { total: number; listed: number; notRead: number; ignored: number };
  /** Sentences about this run (a newer head, a draft, what the review posted...). */
  notes: readonly string[];
  /** Waivers of this pull request (`/antipattern ignore`), one Markdown list item each. */
  waivers?: readonly string[];
  /**
   * What GitHub kept failing at, one actionable line each (the review not posted, a file not
   * read): the result is incomplete, so the check is neutral unless a finding fails it.
   */
  problems?: readonly string[];
}

const SUPPRESS_HELP = [
  '<details><summary>How to suppress a finding</summary>', '',
  '- On the line, or the line above: `# k8s-antipatterns-ignore: <rule-id> -- why`',
  '- On a Kubernetes object: the annotation `k8s-antipatterns.io/ignore: "<rule-id>"`',
  '- For the repository: `rules: { <rule-id>: off }` or `ignore_paths` in `.github/k8s-antipatterns.yml` on the default branch',
  '', '</details>',
];

export function reportOf(input: ReportInput): CheckReport {
  const { result, config } = input;
  const shown = bySeverity(result.findings.filter((f) => f.onDiff && !f.suppressed));
  const waived = result.findings.filter((f) => f.onDiff && f.suppressed);
  const counts = countBySeverity(shown);
  const failing = shown.filter((f) => reachesFailOn(f, config.fail_on));
  const problems = input.problems ?? [];
  const nothing = result.files.length === 0;
  const title = nothing && problems.length === 0 ? 'Nothing to review'
    : shown.length === 0 ? 'No anti-patterns in the changed lines'
      : SEVERITIES.filter((s) => counts[s] > 0).map((s) => plural(counts[s], s)).join(', ');
  const conclusion: CheckReport['conclusion'] = failing.length > 0 ? 'failure' : problems.length > 0 ? 'neutral' : 'success';

  const analyzed = result.files.filter((f) => f.status === 'analyzed').length;
  const verdict = failing.length > 0 ? `**Failing:** ${plural(failing.length, 'finding')} at or above \`fail_on: ${config.fail_on}\`.`
    : problems.length > 0 ? `**Incomplete:** nothing reviewed reaches \`fail_on: ${config.fail_on}\`, but not everything could be done (below), so the check is neutral.`
      : nothing ? 'No file of this pull request is of a kind these rules read.' : `**Passing:** nothing at or above \`fail_on: ${config.fail_on}\`.`;
  const head = [
    `Reviewed the changed lines of ${plural(input.files.total, 'changed file')} at \`${input.links.sha.slice(0, 7)}\`: ${analyzed} analysed` +
      `${input.files.notRead > 0 ? `, ${input.files.notRead} of no kind these rules read` : ''}${input.files.ignored > 0 ? `, ${input.files.ignored} in \`ignore_paths\`` : ''}.`,
    '',
    verdict,
  ];
  for (const problem of problems) head.push('', problem);
  if (input.files.listed < input.files.total) {
    head.push('', `GitHub lists at most ${input.files.listed.toLocaleString('en-US')} files of a pull request: ${plural(input.files.total - input.files.listed, 'file')} of this one were not reviewed.`);
  }
  const skipped = result.files.filter((f) => f.status !== 'analyzed' && f.reason !== 'not a file kind any rule reads');
  // Files GitHub did not give have a line of their own (a problem: run-review.ts).
  const unseen = skipped.filter((f) => f.reason !== 'matches ignore_paths' && f.reason !== 'removed in this change' && !f.reason?.startsWith(NOT_GIVEN));
  if (unseen.length > 0) head.push('', `**${plural(unseen.length, 'file')} not fully reviewed:** ${listed(unseen.map((f) => `${codeSpan(f.path)} (${inert(f.reason ?? f.status)})`))}; see *Files skipped or not readable* below.`);
  const broken = [...new Set(shown.filter((f) => f.rule === 'internal-error').map((f) => f.file))];
  if (broken.length > 0) head.push('', `**A rule could not run** on ${listed(broken.map(codeSpan))}: see the \`internal-error\` ${broken.length === 1 ? 'finding' : 'findings'}; ${broken.length === 1 ? 'that file needs' : 'those files need'} a human look.`);
  const units = annotationUnits(shown);
  if (units.kept.length > MAX_ANNOTATIONS) {
    head.push('', `**${plural(units.kept.length - MAX_ANNOTATIONS, 'finding')} ${units.kept.length - MAX_ANNOTATIONS === 1 ? 'has' : 'have'} no annotation:** a check run holds at most ${MAX_ANNOTATIONS.toLocaleString('en-US')}, so the most severe were kept (errors, then warnings, then hints, spread across files). To see them all, ${SEE_ALL}.`);
  }
  if (shown.length > 0) head.push('', ...table(shown));
  for (const note of input.notes) head.push('', note);
  const items: string[] = [];
  if (skipped.length > 0) items.push('', '### Files skipped or not readable', '', ...skipped.map((f) => `- ${codeSpan(f.path)}: ${inert(f.reason ?? f.status)}`));
  const off = Object.entries(config.rules).filter(([, s]) => s === 'off').map(([id]) => `\`${id}\``);
  if (off.length > 12) off.splice(10, off.length, `and ${off.length - 10} more`);
  const pullWaivers = input.waivers ?? [];
  if (waived.length > 0 || off.length > 0 || pullWaivers.length > 0) {
    items.push('', '### Waived');
    if (off.length > 0) items.push('', `Rules turned off in the config: ${off.join(', ')}.`);
    if (pullWaivers.length > 0) items.push('', 'Waived in this pull request with `/antipattern ignore`:', '', ...pullWaivers);
    if (waived.length > 0) items.push('', ...waived.map((f) => `- \`${f.rule}\` at ${lineLink(input.links, f.file, f.line)}: ${inert(f.suppressed!.reason ?? `suppressed by ${f.suppressed!.by}`)}`));
  }
  const summary = foldLines(head, items, ['', ...SUPPRESS_HELP]);

  const findingLines = shown.map((f) => `- **${SEVERITY_LABEL[f.severity]}** \`${f.rule}\` at ${lineLink(input.links, f.file, f.commentLine ?? f.line)}: ${inert(f.message)} ${whyLine(f.rule)}`);
  const text = shown.length > 0 ? foldLines(['### Findings on the changed lines', ''], findingLines, [], undefined, (n) => `… and ${n} more not shown here: to see them all, ${SEE_ALL}.`) : undefined;
  return {
    title, summary, conclusion,
    annotations: annotationOrder(units.kept).slice(0, MAX_ANNOTATIONS).map((f) => annotationOf(f, units.alsoAt.get(f))),
    ...(text ? { text } : {}),
  };
}

/**
 * Hints fire on nearly every workload: in the diff they are one annotation per rule and file,
 * on the first line, with the other lines listed, so no pull request is drowned in them.
 * Errors and warnings keep one annotation each.
 */
export function annotationUnits(findings: readonly Finding[]): { kept: Finding[]; alsoAt: Map<Finding, number[]> } {
  const kept: Finding[] = [];
  const alsoAt = new Map<Finding, number[]>();
  const firstHint = new Map<string, Finding>();
  for (const f of findings) {
    if (f.severity !== 'hint') {
      kept.push(f);
      continue;
    }
    const key = `${f.rule}\0${f.file}`;
    const first = firstHint.get(key);
    if (!first) {
      firstHint.set(key, f);
      kept.push(f);
    } else {
      const lines = alsoAt.get(first) ?? [];
      lines.push(f.commentLine ?? f.line);
      alsoAt.set(first, lines);
    }
  }
  return { kept, alsoAt };
}

/** The most severe first (a stable sort: file order within a severity). */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
function listed(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items.join('');
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function table(findings: readonly Finding[]): string[] {
  const rows = new Map<number, Record<Severity, number>>();
  for (const f of findings) {
    const row = rows.get(f.antipattern) ?? { error: 0, warning: 0, hint: 0 };
    row[f.severity]++;
    rows.set(f.antipattern, row);
  }
  return [
    '| Anti-pattern | Errors | Warnings | Hints |', '|---|---:|---:|---:|',
    ...[...rows].sort(([a], [b]) => a - b).map(([n, r]) => `| ${n === 0 ? 'Files the engine could not read' : `${n}. ${antipatternByNumber(n)?.title ?? ''}`} | ${r.error} | ${r.warning} | ${r.hint} |`),
  ];
}

export function annotationOf(f: Finding, alsoAt: readonly number[] = []): Annotation {
  // Annotations sit on a changed line, so that GitHub shows them in the pull request's diff.
  const line = f.commentLine ?? f.line;
  const more = alsoAt.length === 0 ? '' : `\nThe same hint applies ${alsoAt.length === 1 ? 'once more' : `${alsoAt.length} more times`} in this file, at line${alsoAt.length === 1 ? '' : 's'} ${alsoAt.slice(0, 20).join(', ')}${alsoAt.length > 20 ? ', …' : ''}.`;
  const annotation: Annotation = {
    path: f.file, start_line: line, end_line: line, annotation_level: LEVEL[f.severity],
    title: `${f.rule}: ${ruleTitle(f.rule)}${alsoAt.length > 0 ? ` (${alsoAt.length + 1} in this file)` : ''}`.slice(0, 255), message: `${f.message}${more}\n${whyLine(f.rule)}`,
  };
  if (f.suggestion !== undefined) annotation.raw_details = `Suggested replacement:\n${f.suggestion}`.slice(0, 60_000);
  return annotation;
}

/** A run that could not finish: neutral (never blocks), says what failed, offers a re-run. */
export function failureReport(what: string, advice = 'Use **Re-run** on this check to try again'): CheckReport {
  return {
    title: 'The review could not finish', conclusion: 'neutral', annotations: [],
    summary: `The review stopped: ${what}\n\nNothing in this pull request was judged. ${advice}; if it keeps failing, the app's logs have the details.`,
  };
}

/**
 * GitHub refused the full report (its update failed for good): the verdict without the details,
 * so that the run still completes. A passing run becomes neutral: GitHub kept failing.
 */
export function shortReport(report: CheckReport, why: string): CheckReport {
  return {
    title: report.title, conclusion: report.conclusion === 'success' ? 'neutral' : report.conclusion, annotations: [],
    summary: `**${inert(report.title)}.** GitHub did not accept the full results of this review (${why}), so the details are not shown here. Use **Re-run** on this check to see them.`,
  };
}

/**
 * The engine was stopped (time or memory budget): the pull request's own content did this, so
 * the check fails rather than passes; a person looks, and can split the change.
 */
export function stoppedReport(what: string): CheckReport {
  return {
    title: 'The review could not finish: the change is too complex to analyse', conclusion: 'failure', annotations: [],
    summary: `The review stopped: ${what}.\n\nThe check fails because nothing in this pull request could be judged, and a change that cannot be reviewed is not passed unseen. Split the pull request, or look for a file that is very large or deeply nested; then push again or use **Re-run**.`,
  };
}

/** An invalid `.github/k8s-antipatterns.yml`: the review does not run; the summary says why. */
export function configErrorReport(problem: string): CheckReport {
  return {
    title: 'Invalid configuration: .github/k8s-antipatterns.yml', conclusion: 'neutral', annotations: [],
    summary: [
      `The configuration file \`.github/k8s-antipatterns.yml\` on the default branch has a problem, so this pull request was not reviewed:`,
      '', `> ${problem}`, '',
      'Fix the file on the default branch, then use **Re-run** on this check. Allowed keys: `rules` (rule id → `off`, `error`, `warning` or `hint`), `ignore_paths` (globs), `fail_on` (`error`, `warning`, `hint` or `never`), `max_comments` (0–100), `review_event` (`comment` or `request_changes`), `review_drafts` and `controller` (true or false).',
    ].join('\n'),
  };
}
