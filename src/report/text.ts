/** Output for a person at a terminal: findings grouped by file, colours only on a TTY. */
import type { FileResult, Finding, Severity } from '../model/types.js';
import { plural } from './summary.js';

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

/** Column widths of the findings' lines, over every finding shown (so that all files align alike). */
export interface TextLayout {
  lineWidth: number;
  ruleWidth: number;
}

export function layoutOf(findings: Iterable<Finding>, layout: TextLayout = { lineWidth: 0, ruleWidth: 0 }): TextLayout {
  for (const f of findings) {
    layout.lineWidth = Math.max(layout.lineWidth, String(f.line).length);
    layout.ruleWidth = Math.max(layout.ruleWidth, f.rule.length);
  }
  return layout;
}

export function formatText(findings: readonly Finding[], files: readonly FileResult[], options: TextOptions): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  return [...textChunks(byFile.values(), files, options, layoutOf(findings))].join('');
}

/**
 * The text report in pieces: a block per file as its findings come (each group holds one file's
 * findings, in report order), then the summary. The CLI writes the pieces as they are made, so a
 * large repository's report is never one list or one string in memory.
 */
export function* textChunks(groups: Iterable<readonly Finding[]>, files: readonly FileResult[], options: TextOptions, layout: TextLayout): Generator<string> {
  const paint = (style: keyof typeof COLOURS, s: string): string => (options.colour ? `\u001b[${COLOURS[style][0]}m${s}\u001b[${COLOURS[style][1]}m` : s);
  const counts: Record<Severity, number> = { error: 0, warning: 0, hint: 0 };
  let shown = 0;
  let withFindings = 0;
  let started = false;
  for (const list of groups) {
    if (list.length === 0) continue;
    const out: string[] = [paint('bold', list[0]!.file)];
    for (const f of list) {
      out.push(`  ${String(f.line).padStart(layout.lineWidth)}  ${paint(f.severity, f.severity.padEnd(7))}  ${paint('dim', f.rule.padEnd(layout.ruleWidth))}  ${f.message}`);
      counts[f.severity]++;
    }
    shown += list.length;
    withFindings++;
    // Lines are joined by newlines, as one list would be: each block after the first starts with one.
    yield (started ? '\n' : '') + out.join('\n') + '\n';
    started = true;
  }
  if (options.quiet) return;
  const out: string[] = [];
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
  const skipped = unseen.length > 0 ? `; ${plural(unseen.length, 'file')} skipped or not readable (listed above)` : '';
  if (shown === 0) {
    out.push(`No anti-patterns found in ${plural(reviewed, 'file')} reviewed${skipped}.`);
  } else {
    out.push(`${plural(shown, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.hint, 'hint')}) in ${plural(withFindings, 'file')}; ${plural(reviewed, 'file')} reviewed${skipped}.`);
    out.push(paint('dim', 'Run "k8s-antipatterns explain <rule-id>" to see why a rule matters and how to fix it.'));
  }
  yield (started ? '\n' : '') + out.join('\n') + '\n';
}
