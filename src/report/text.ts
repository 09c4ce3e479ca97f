/** Output for a person at a terminal: findings grouped by file, colours only on a TTY. */
import type { FileResult, Finding, Severity } from '../model/types.js';
import { countBySeverity, plural } from './summary.js';

const COLOURS: Record<Severity | 'dim' | 'bold', [number, number]> = {
  error: [31, 39], warning: [33, 39], hint: [36, 39], dim: [2, 22], bold: [1, 22],
};

export interface TextOptions {
  colour: boolean;
  quiet: boolean;
  /** Lines printed before the summary (which config was used, ...). */
  notes?: readonly string[];
}

const IGNORED = 'matches ignore_paths';

/** Files not (fully) reviewed, with why: the same list as the App's check run summary. */
export function notReviewed(files: readonly FileResult[]): FileResult[] {
  return files.filter((f) => f.status !== 'analyzed' && f.reason !== 'not a file kind any rule reads');
}

export function formatText(findings: readonly Finding[], files: readonly FileResult[], options: TextOptions): string {
  const paint = (style: keyof typeof COLOURS, s: string): string => (options.colour ? `\u001b[${COLOURS[style][0]}m${s}\u001b[${COLOURS[style][1]}m` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const width = Math.max(0, ...findings.map((f) => String(f.line).length));
  const ruleWidth = Math.max(0, ...findings.map((f) => f.rule.length));
  for (const [file, list] of byFile) {
    out.push(paint('bold', file));
    for (const f of list) {
      out.push(`  ${String(f.line).padStart(width)}  ${paint(f.severity, f.severity.padEnd(7))}  ${paint('dim', f.rule.padEnd(ruleWidth))}  ${f.message}`);
    }
    out.push('');
  }
  if (options.quiet) return out.join('\n');
  const unseen = notReviewed(files);
  // Files the config asks to ignore are counted, not listed one by one (the JSON output lists them).
  const listed = unseen.filter((f) => f.reason !== IGNORED);
  const ignored = unseen.length - listed.length;
  if (unseen.length > 0) {
    out.push(paint('bold', 'Files skipped or not readable:'));
    for (const f of listed) out.push(`  ${f.path}: ${f.status === 'error' ? paint('error', f.reason ?? 'could not read') : f.reason ?? f.status}`);
    if (ignored > 0) out.push(`  ${plural(ignored, 'file')} ${ignored === 1 ? 'matches' : 'match'} ignore_paths of the config`);
    out.push('');
  }
  for (const note of options.notes ?? []) out.push(note);
  const reviewed = files.filter((f) => f.status === 'analyzed').length;
  const counts = countBySeverity(findings);
  const skipped = unseen.length > 0 ? `; ${plural(unseen.length, 'file')} skipped or not readable (listed above)` : '';
  if (findings.length === 0) {
    out.push(`No anti-patterns found in ${plural(reviewed, 'file')} reviewed${skipped}.`);
  } else {
    out.push(`${plural(findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.hint, 'hint')}) in ${plural(byFile.size, 'file')}; ${plural(reviewed, 'file')} reviewed${skipped}.`);
    out.push(paint('dim', 'Run "k8s-antipatterns explain <rule-id>" to see why a rule matters and how to fix it.'));
  }
  return out.join('\n') + '\n';
}
