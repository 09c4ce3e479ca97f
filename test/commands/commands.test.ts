import { describe, expect, test } from '@jest/globals';
import { parseCommands } from '../../src/commands/parse.js';
import { authorize } from '../../src/commands/authorize.js';
import { resolveTopic } from '../../src/commands/topics.js';
import { currentWaivers, type WaiverEvent } from '../../src/commands/waivers.js';
import { trailer, trailerOf } from '../../src/app/markers.js';

const SCOPE = { owner: 'acme', repo: 'shop', number: 3 };

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
    const written: WaiverEvent[] = [
      { action: 'ignore', rule: 'missing-cpu-limit', by: 'alice', reason: 'policy -- no CPU limits' },
      { action: 'ignore', fingerprint: 'abc123', by: 'bob' },
      { action: 'unignore', rule: 'missing-cpu-limit', by: 'carol' },
    ];
    const body = `Waived.\n\n${trailer({ waivers: written }, SCOPE)}`;
    // One HTML comment, closed once, at the very end.
    expect(body.indexOf('-->')).toBe(body.length - 3);
    const events = trailerOf(body, SCOPE)!.waivers!;
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ reason: 'policy -- no CPU limits' });
    expect(currentWaivers(events)).toEqual([{ rule: undefined, fingerprint: 'abc123', by: 'bob', reason: undefined }]);
  });

  test('a damaged, edited or unsigned marker is ignored', () => {
    const good = trailer({ waivers: [{ action: 'ignore', rule: 'image-latest-tag', by: 'alice' }] }, SCOPE);
    const [, prefix, payload, mac] = /^(.*?:v2 )(\S+) (\S+) -->$/.exec(good)!;
    const other = Buffer.from(JSON.stringify({ waivers: [{ action: 'ignore', rule: 'image-latest-tag', by: 'mallory' }] })).toString('base64url');
    expect(trailerOf(`${prefix}${other} ${mac} -->`, SCOPE)).toBeUndefined();
    expect(trailerOf(`${prefix}${payload} ${'A'.repeat(43)} -->`, SCOPE)).toBeUndefined();
    expect(trailerOf('<!-- k8s-antipatterns:waiver {"action":"ignore","rule":"image-latest-tag","by":"carol"} -->', SCOPE)).toBeUndefined();
    expect(trailerOf(good, SCOPE)?.waivers).toHaveLength(1);
  });
});
