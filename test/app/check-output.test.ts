import { describe, expect, test } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { reportOf } from '../../src/app/check-output.js';
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
    expect(report.text).toMatch(/… and \d+ more not shown here\.$/);
    expect(report.summary).toContain('How to suppress a finding');
    expect(report.annotations).toHaveLength(1000);
    expect(report).toMatchObject({ conclusion: 'failure', title: '2667 errors, 1333 hints' });
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
