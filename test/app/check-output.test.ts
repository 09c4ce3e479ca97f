import { describe, expect, test } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { annotationOrder, MAX_ANNOTATIONS, reportOf } from '../../src/app/check-output.js';
import { foldLines, GITHUB_TEXT_LIMIT } from '../../src/app/fold.js';
import type { Finding, Result } from '../../src/model/types.js';

const links = { repoUrl: 'https://github.com/o/r', sha: 'abcdef1234567890' };
const files = { total: 1, listed: 1, notRead: 0, ignored: 0 };

function manyFindings(n: number): Result {
  const findings: Finding[] = [];
  for (let i = 1; i <= n; i++) {
    findings.push({ rule: 'image-latest-tag', antipattern: 1, severity: i % 3 === 0 ? 'hint' : 'error', file: `deploy/app-${i}.yaml`, line: 3, endLine: 3, span: [3, 3], message: `Deployment app-${i}: image "nginx:latest" uses the "latest" tag. ${'Pin a version or a digest. '.repeat(3)}`, fingerprint: `f${i}`, onDiff: true, commentLine: 3 });
  }
  return { findings, files: findings.map((f) => ({ path: f.file, kind: 'manifest', status: 'analyzed' })) };
}

describe('the check run output', () => {
  test('thousands of findings fold under GitHub\'s 65,535 characters, never fail', () => {
    const result = manyFindings(4000);
    result.files.push(...Array.from({ length: 3000 }, (_, i) => ({ path: `broken/${i}.yaml`, kind: 'manifest' as const, status: 'error' as const, reason: 'YAML parse error at line 1: bad indentation of a mapping entry' })));
    const report = reportOf({ result, config: DEFAULT_CONFIG, links, files, notes: [] });
    expect(report.summary.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(report.text!.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(report.text).toMatch(/… and \d+ more not shown here: to see them all, run `npx k8s-antipatterns diff --base <merge-base>` in a checkout of this commit \(add `--format sarif` for a SARIF file\)\.$/);
    expect(report.summary).toContain('How to suppress a finding');
    expect(report.annotations).toHaveLength(1000);
    expect(report).toMatchObject({ conclusion: 'failure', title: '2667 errors, 1333 hints' });
  });

  test('over the annotation cap, errors are kept first, spread across files, and the summary says how many were left out', () => {
    // Two files with 900 hints each come first (by path); the errors and warnings are in later files.
    const findings: Finding[] = [];
    // Hints of one rule in one file share an annotation: each hint here is of a rule of its own.
    const finding = (file: string, line: number, severity: Finding['severity']): Finding => ({ rule: severity === 'hint' ? `hint-${line}` : 'image-latest-tag', antipattern: 1, severity, file, line, endLine: line, span: [line, line], message: 'm', fingerprint: `${file}:${line}`, onDiff: true, commentLine: line });
    for (let i = 1; i <= 900; i++) findings.push(finding('a/hints.yaml', i, 'hint'), finding('b/hints.yaml', i, 'hint'));
    for (let i = 1; i <= 300; i++) findings.push(finding('c/errors.yaml', i, 'error'), finding('d/warnings.yaml', i, 'warning'));
    for (let i = 1; i <= 10; i++) findings.push(finding('e/errors.yaml', i, 'error'));
    const result: Result = { findings, files: ['a/hints.yaml', 'b/hints.yaml', 'c/errors.yaml', 'd/warnings.yaml', 'e/errors.yaml'].map((path) => ({ path, kind: 'manifest', status: 'analyzed' })) };
    const report = reportOf({ result, config: DEFAULT_CONFIG, links, files, notes: [] });

    expect(report.annotations).toHaveLength(MAX_ANNOTATIONS);
    const levels = report.annotations.map((a) => a.annotation_level);
    expect(levels.filter((l) => l === 'failure')).toHaveLength(310);
    expect(levels.filter((l) => l === 'warning')).toHaveLength(300);
    expect(levels.filter((l) => l === 'notice')).toHaveLength(390);
    // Round-robin within a severity: both error files early, both hint files equally.
    expect(report.annotations.slice(0, 4).map((a) => a.path)).toEqual(['c/errors.yaml', 'e/errors.yaml', 'c/errors.yaml', 'e/errors.yaml']);
    const hints = report.annotations.filter((a) => a.annotation_level === 'notice');
    expect(hints.filter((a) => a.path === 'a/hints.yaml')).toHaveLength(195);
    expect(hints.filter((a) => a.path === 'b/hints.yaml')).toHaveLength(195);
    expect(report.summary).toContain('**1410 findings have no annotation:** a check run holds at most 1,000, so the most severe were kept (errors, then warnings, then hints, spread across files). To see them all, run `npx k8s-antipatterns diff --base <merge-base>` in a checkout of this commit (add `--format sarif` for a SARIF file).');
  });

  test('annotation order: severity first, then one finding per file in turn', () => {
    const f = (file: string, severity: Finding['severity'], n: number): Finding => ({ rule: 'r', antipattern: 1, severity, file, line: n, endLine: n, span: [n, n], message: 'm', fingerprint: `${file}${n}`, onDiff: true });
    const order = annotationOrder([f('a', 'hint', 1), f('a', 'error', 2), f('a', 'error', 3), f('a', 'error', 4), f('b', 'warning', 5), f('b', 'error', 6)]);
    expect(order.map((x) => `${x.file}${x.line}`)).toEqual(['a2', 'b6', 'a3', 'a4', 'b5', 'a1']);
  });

  test('problems GitHub caused make a passing run neutral and come right after the verdict; failing findings still fail', () => {
    const warning = manyFindings(1).findings.map((x) => ({ ...x, severity: 'warning' as const }));
    const problems = ['**The review could not be posted:** GitHub answered 404 (Not Found). The findings are all in this check run. Use **Re-run** on this check to post the inline comments.'];
    const neutral = reportOf({ result: { findings: warning, files: [] }, config: DEFAULT_CONFIG, links, files, notes: [], problems });
    expect(neutral.conclusion).toBe('neutral');
    expect(neutral.summary.split('\n\n').slice(1, 3)).toEqual(['**Incomplete:** nothing reviewed reaches `fail_on: error`, but not everything could be done (below), so the check is neutral.', problems[0]]);
    expect(reportOf({ result: manyFindings(1), config: DEFAULT_CONFIG, links, files, notes: [], problems }).conclusion).toBe('failure');
  });

  test('skipped files and a rule that could not run are one line each at the top', () => {
    const crash: Finding = { rule: 'internal-error', antipattern: 0, severity: 'error', file: 'deploy/a.yaml', line: 1, endLine: 1, span: [1, 9], message: 'Rule x could not run', fingerprint: 'ie', onDiff: true };
    const result: Result = {
      findings: [crash],
      files: [
        { path: 'deploy/a.yaml', kind: 'manifest', status: 'analyzed' },
        { path: 'deploy/b.yaml', kind: 'manifest', status: 'error', reason: 'YAML parse error at line 3' },
        { path: 'bin/tool', kind: 'other', status: 'skipped', reason: 'binary file' },
        { path: 'docs/x.md', kind: 'other', status: 'skipped', reason: 'not a file kind any rule reads' },
      ],
    };
    const summary = reportOf({ result, config: DEFAULT_CONFIG, links, files, notes: [] }).summary;
    expect(summary).toContain('**2 files not fully reviewed:** `deploy/b.yaml` (YAML parse error at line 3) and `bin/tool` (binary file); see *Files skipped or not readable* below.');
    expect(summary).toContain('**A rule could not run** on `deploy/a.yaml`: see the `internal-error` finding; that file needs a human look.');
    expect(summary).not.toContain('docs/x.md');
  });

  test('fail_on decides the conclusion', () => {
    const result = manyFindings(2).findings.filter((f) => f.severity === 'error');
    const report = reportOf({ result: { findings: result.map((f) => ({ ...f, severity: 'warning' as const })), files: [] }, config: DEFAULT_CONFIG, links, files, notes: [] });
    expect(report.conclusion).toBe('success');
    expect(reportOf({ result: { findings: result, files: [] }, config: { ...DEFAULT_CONFIG, fail_on: 'never' }, links, files, notes: [] }).conclusion).toBe('success');
  });

  test('folding keeps whole lines and says how many were left out', () => {
    const folded = foldLines(['head'], ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)], ['tail'], 40, (n) => `+${n}`);
    expect(folded).toBe(`head\n${'a'.repeat(10)}\n${'b'.repeat(10)}\n+1\ntail`);
    expect(folded.length).toBeLessThanOrEqual(40);
    expect(foldLines(['head'], ['x'], ['tail'])).toBe('head\nx\ntail');
  });
});

describe('hints do not drown the diff', () => {
  test('one annotation per hint rule and file, with the other lines; errors and warnings keep one each', async () => {
    const { annotationUnits, annotationOf } = await import('../../src/app/check-output.js');
    const base = { antipattern: 1, endLine: 1, span: [1, 1] as [number, number], message: 'm', onDiff: true };
    const findings = [
      { ...base, rule: 'automount-sa-token', severity: 'hint' as const, file: 'a.yaml', line: 3, commentLine: 3, fingerprint: '1' },
      { ...base, rule: 'automount-sa-token', severity: 'hint' as const, file: 'a.yaml', line: 30, commentLine: 30, fingerprint: '2' },
      { ...base, rule: 'automount-sa-token', severity: 'hint' as const, file: 'a.yaml', line: 60, commentLine: 60, fingerprint: '3' },
      { ...base, rule: 'automount-sa-token', severity: 'hint' as const, file: 'b.yaml', line: 5, commentLine: 5, fingerprint: '4' },
      { ...base, rule: 'image-latest-tag', severity: 'error' as const, file: 'a.yaml', line: 8, commentLine: 8, fingerprint: '5' },
      { ...base, rule: 'image-latest-tag', severity: 'error' as const, file: 'a.yaml', line: 9, commentLine: 9, fingerprint: '6' },
    ];
    const units = annotationUnits(findings);
    expect(units.kept.map((f) => f.fingerprint)).toEqual(['1', '4', '5', '6']);
    const grouped = annotationOf(units.kept[0]!, units.alsoAt.get(units.kept[0]!));
    expect(grouped.title).toBe('automount-sa-token: ' + grouped.title.split(': ')[1]);
    expect(grouped.title).toMatch(/\(3 in this file\)$/);
    expect(grouped.message).toContain('The same hint applies 2 more times in this file, at lines 30, 60.');
    expect(annotationOf(units.kept[1]!, units.alsoAt.get(units.kept[1]!)).message).not.toContain('same hint');
  });
});
