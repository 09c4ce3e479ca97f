import { describe, expect, test } from '@jest/globals';
import { parseCommands } from '../../src/commands/parse.js';
import { authorize } from '../../src/commands/authorize.js';
import { resolveTopic } from '../../src/commands/topics.js';
import { currentWaivers, readWaiverEvents, waiverMarker } from '../../src/commands/waivers.js';

describe('parseCommands', () => {
  test('one command per line, anywhere, case-insensitive', () => {
    expect(parseCommands('Thanks!\n/antipattern explain image-latest-tag\n  /ANTIPATTERN List\nbye')).toEqual([
      { name: 'explain', topic: 'image-latest-tag' }, { name: 'list' },
    ]);
  });

  test('ignore with and without a rule and a reason', () => {
    expect(parseCommands('/antipattern ignore missing-cpu-limit -- we never set CPU limits')).toEqual([{ name: 'ignore', rule: 'missing-cpu-limit', reason: 'we never set CPU limits' }]);
    expect(parseCommands('/antipattern ignore -- false positive')).toEqual([{ name: 'ignore', rule: undefined, reason: 'false positive' }]);
    expect(parseCommands('/antipattern ignore Image-Latest-Tag')).toEqual([{ name: 'ignore', rule: 'image-latest-tag', reason: undefined }]);
    expect(parseCommands('/antipattern unignore image-latest-tag')).toEqual([{ name: 'unignore', rule: 'image-latest-tag' }]);
  });

  test('bare prefix is help; unknown verbs are reported', () => {
    expect(parseCommands('/antipattern')).toEqual([{ name: 'help' }]);
    expect(parseCommands('/antipattern frobnicate now')).toEqual([{ name: 'unknown', text: 'frobnicate now' }]);
  });

  test('quotes, code blocks and mid-line mentions are not commands', () => {
    expect(parseCommands('> /antipattern recheck\n```\n/antipattern recheck\n```\nsee /antipattern help')).toEqual([]);
  });
});

describe('authorize', () => {
  test.each(['admin', 'maintain', 'write'] as const)('%s may waive', (p) => {
    expect(authorize('ignore', p, 'octocat').allowed).toBe(true);
  });
  test.each(['triage', 'read', 'none'] as const)('%s may not, and is told who can', (p) => {
    const decision = authorize('ignore', p, 'octocat');
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('write, maintain or admin');
    expect(decision.reason).toContain('@octocat');
  });
});

describe('resolveTopic', () => {
  test('rule ids, numbers, words and near misses', () => {
    expect(resolveTopic('image-latest-tag')).toMatchObject({ kind: 'rule', rule: { id: 'image-latest-tag' } });
    expect(resolveTopic('`missing-memory-limit`')).toMatchObject({ kind: 'rule', rule: { id: 'missing-memory-limit' } });
    expect(resolveTopic('10')).toEqual({ kind: 'antipattern', number: 10 });
    const probes = resolveTopic('probes');
    expect(probes.kind).toBe('matches');
    if (probes.kind === 'matches') expect(probes.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['missing-liveness-probe', 'missing-readiness-probe']));
    const near = resolveTopic('image-latest');
    expect(near).toMatchObject({ kind: 'unknown', suggestions: expect.arrayContaining(['image-latest-tag']) });
  });
});

describe('waivers', () => {
  test('markers round-trip and replay in order', () => {
    const body = [
      'Waived.' + waiverMarker({ action: 'ignore', rule: 'missing-cpu-limit', by: 'alice', reason: 'policy -- no CPU limits' }),
      waiverMarker({ action: 'ignore', fingerprint: 'abc123', by: 'bob' }),
      waiverMarker({ action: 'unignore', rule: 'missing-cpu-limit', by: 'carol' }),
    ].join('\n');
    expect(body).not.toMatch(/<!--(?:(?!-->)[\s\S])*--(?!>)/);
    const events = readWaiverEvents(body);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ reason: 'policy -- no CPU limits' });
    expect(currentWaivers(events)).toEqual([{ rule: undefined, fingerprint: 'abc123', by: 'bob', reason: undefined }]);
  });

  test('a damaged marker is ignored', () => {
    expect(readWaiverEvents('<!-- k8s-antipatterns:waiver {"action": -->')).toEqual([]);
  });
});
