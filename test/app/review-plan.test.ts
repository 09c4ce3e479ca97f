import { describe, expect, test } from '@jest/globals';
import type { ChangedFile, Finding } from '../../src/model/types.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { planReview, inHunk } from '../../src/app/review-plan.js';
import { fingerprintsIn, trailer } from '../../src/app/markers.js';

const SCOPE = { owner: 'acme', repo: 'shop', number: 3 };

const file: ChangedFile = { path: 'deploy/web.yaml', status: 'modified', text: 'l\n'.repeat(40), changedLines: new Set([10, 11, 30]), hunks: [[7, 14], [27, 33]] };
const files = new Map([[file.path, file]]);

function finding(over: Partial<Finding>): Finding {
  return { rule: 'image-latest-tag', antipattern: 1, severity: 'error', file: file.path, line: 10, endLine: 10, span: [10, 10], message: 'm', fingerprint: `fp${over.line ?? 10}${over.rule ?? ''}`, onDiff: true, commentLine: over.line ?? 10, ...over };
}

function plan(findings: Finding[], options: { posted?: string[]; max?: number; event?: 'comment' | 'request_changes' } = {}) {
  return planReview({
    findings, files, commentable: new Set([file.path]), posted: new Set(options.posted ?? []),
    config: { ...DEFAULT_CONFIG, max_comments: options.max ?? 20, review_event: options.event ?? 'comment' }, scope: SCOPE,
  });
}

describe('planning a review', () => {
  test('hints, suppressed, off-diff and already posted findings get no comment', () => {
    const p = plan([
      finding({ severity: 'hint', rule: 'missing-cpu-limit' }),
      finding({ suppressed: { by: 'comment' }, rule: 'a' }),
      finding({ onDiff: false, rule: 'b' }),
      finding({ fingerprint: 'old', rule: 'c' }),
    ], { posted: ['old'] });
    expect(p.comments).toEqual([]);
    expect(p.unplaced).toEqual([]);
  });

  test('findings on one line become one comment; most severe first; the rest overflow', () => {
    const p = plan([
      finding({ line: 30, severity: 'warning', rule: 'missing-readiness-probe' }),
      finding({ line: 11, severity: 'warning', rule: 'missing-liveness-probe' }),
      finding({ line: 11, severity: 'error', rule: 'missing-memory-limit' }),
      finding({ line: 10, severity: 'error', rule: 'image-latest-tag' }),
    ], { max: 2 });
    expect(p.comments.map((c) => [c.line, c.findings.map((f) => f.rule)])).toEqual([
      [10, ['image-latest-tag']],
      [11, ['missing-liveness-probe', 'missing-memory-limit']],
    ]);
    expect(fingerprintsIn(p.comments[1]!.body, SCOPE)).toEqual(['fp11missing-liveness-probe', 'fp11missing-memory-limit']);
    expect(p.overflow.map((f) => f.rule)).toEqual(['missing-readiness-probe']);
  });

  test('a line outside every hunk, or a file GitHub showed no diff for, goes into the body', () => {
    const p = plan([finding({ line: 20, commentLine: 20 }), finding({ line: 12, commentLine: undefined, rule: 'x' })]);
    expect(p.comments).toEqual([]);
    expect(p.unplaced).toHaveLength(2);
    const noPatch = planReview({ findings: [finding({})], files, commentable: new Set(), posted: new Set(), config: DEFAULT_CONFIG, scope: SCOPE });
    expect(noPatch.unplaced).toHaveLength(1);
  });

  test('a suggestion becomes a suggestion block over exactly its lines, when they are in one hunk', () => {
    const p = plan([finding({ line: 9, endLine: 11, commentLine: 10, suggestion: '  image: nginx:1.27.2\n' })]);
    expect(p.comments[0]).toMatchObject({ startLine: 9, line: 11, safe: false });
    expect(p.comments[0]!.body).toContain('```suggestion\n  image: nginx:1.27.2\n```');
    const across = plan([finding({ line: 13, endLine: 28, commentLine: 13, suggestion: 'x' })]);
    expect(across.comments[0]).toMatchObject({ line: 13 });
    expect(across.comments[0]!.body).toContain('Suggested replacement for lines 13–28:');
  });

  test('request_changes only when a finding reaches fail_on', () => {
    expect(plan([finding({})], { event: 'request_changes' }).event).toBe('REQUEST_CHANGES');
    expect(plan([finding({ severity: 'warning' })], { event: 'request_changes' }).event).toBe('COMMENT');
    expect(plan([finding({})]).event).toBe('COMMENT');
  });

  test('hunk checks', () => {
    expect([6, 7, 14, 15, 27].map((l) => inHunk(file, l))).toEqual([false, true, true, false, true]);
    const added: ChangedFile = { path: 'n.yaml', status: 'added', text: 'a\nb\n', changedLines: 'all' };
    expect([0, 1, 2, 3].map((l) => inHunk(added, l))).toEqual([false, true, true, false]);
  });
});

describe('markers', () => {
  test('round trip; only the last line of a body counts', () => {
    expect(fingerprintsIn(`text\n\n${trailer({ fp: ['a1', 'b2-2'] }, SCOPE)}\n`, SCOPE)).toEqual(['a1', 'b2-2']);
    expect(fingerprintsIn(`${trailer({ fp: ['a1'] }, SCOPE)}\ntext`, SCOPE)).toEqual([]);
    expect(fingerprintsIn('no marker', SCOPE)).toEqual([]);
  });
});
