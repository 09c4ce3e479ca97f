import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import { pushTo } from '../src/engine/context.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import { chartFileOf, chartName, chartVersion, chartYamlAt, nextPatch, type ChartVersion } from '../src/helm/chart.js';

/** `0.0.0` (or `0.0.0-dev`) says the release pipeline sets the version when it packages the chart. */
const RELEASE_TIME_VERSION = /^v?0\.0\.0([-+].*)?$/;

function touched(file: ParsedFile): boolean {
  const lines = file.source.changedLines;
  return file.source.status !== 'unchanged' && (lines === 'all' || lines.size > 0);
}

function firstChangedLine(file: ParsedFile): number {
  const lines = file.source.changedLines;
  if (lines === 'all') return 1;
  // A loop, not a spread: a change of very many lines would pass the call stack's limit.
  let first = Infinity;
  for (const line of lines) first = Math.min(first, line);
  return first;
}

/** Whether a line of a changed file is inside a diff hunk, where GitHub accepts a suggestion. */
function inHunk(file: ParsedFile, line: number): boolean {
  const { changedLines, hunks } = file.source;
  if (changedLines === 'all') return true;
  return hunks ? hunks.some(([a, b]) => a <= line && line <= b) : changedLines.has(line);
}

/** Was the version changed? Undefined when it cannot be told (no version, or no base text and no diff). */
function bumped(chart: ParsedFile, head: ChartVersion): boolean | undefined {
  if (chart.source.status === 'unchanged') return false;
  if (chart.source.baseText !== undefined) {
    const base = chartVersion(chart.source.baseText);
    return base === undefined ? undefined : base.version !== head.version;
  }
  const lines = chart.source.changedLines;
  return lines === 'all' || lines.has(head.line);
}

export default defineRule({
  id: 'chart-version-not-bumped',
  antipattern: 12,
  severity: 'warning',
  kinds: ['chart', 'helm-template', 'helm-values'],
  // Templates include `_helpers.tpl` and NOTES.txt, which have no catalog kind.
  allTextFiles: true,
  docs: {
    title: 'Bump the chart version when the chart changes',
    summary: 'A chart\'s templates or default values change while the `version` in its Chart.yaml stays the same.',
    why: [
      'A chart version names one exact package. Two different charts under the same version break `helm rollback` and `helm history`,',
      'are silently skipped by chart repositories and caches that already hold that version, and leave nobody able to tell which templates a release used.',
      'A new chart (Chart.yaml added in the change) is fine, and so is a chart whose version is `0.0.0`, which says the release pipeline sets it; removed files are not seen by the review.',
    ].join(' '),
    fix: 'Raise `version` in Chart.yaml with every change to the chart (a patch bump for fixes, minor for features, major for breaking values changes). `appVersion` is the application\'s version and is bumped separately.',
    examples: [
      {
        // The docs examples can only add files, so the bad one changes a template without its
        // Chart.yaml, and the good one is the same Service outside any chart.
        path: 'charts/web/templates/service.yaml',
        bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  ports:\n    - port: 80\n',
        good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n',
      },
    ],
  },
  checkChange(ctx) {
    const byRoot = new Map<string, ParsedFile[]>();
    for (const file of ctx.files) {
      const place = touched(file) ? chartFileOf(file, ctx.files) : undefined;
      if (place) pushTo(byRoot, place.root, file);
    }
    for (const [root, changed] of byRoot) {
      const chart = chartYamlAt(root, ctx.files);
      if (chart?.source.status === 'added') continue;
      const head = chart ? chartVersion(chart.text) : undefined;
      if (chart && (!head || RELEASE_TIME_VERSION.test(head.version) || bumped(chart, head) !== false)) continue;
      const name = chartName(chart) ?? (root === '.' ? 'at the repository root' : root);
      const paths = changed.map((f) => posix.relative(root, f.path)).sort();
      const shown = paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
      const next = head ? nextPatch(head.version) : undefined;
      const still = head ? `its Chart.yaml version is still ${head.version}` : 'its Chart.yaml is not part of the change, so the version was not bumped';
      const message = `Chart ${name}: ${shown} changed but ${still}. Bump the chart version${next ? ` (e.g. to ${next})` : ''} so the changed chart cannot be mistaken for the published one.`;
      if (chart && head && chart.source.status !== 'unchanged' && inHunk(chart, head.line)) {
        const line = chart.lines[head.line - 1] ?? '';
        ctx.report(chart, head.line, message, { key: `chart:${root}`, suggestion: next && line.includes(head.version) ? line.replace(head.version, next) : undefined });
        continue;
      }
      const anchor = [...changed].sort((a, b) => a.path.localeCompare(b.path))[0]!;
      ctx.report(anchor, firstChangedLine(anchor), message, { key: `chart:${root}` });
    }
  },
});
