import { describe, expect, jest, test } from '@jest/globals';
import { DEFAULT_CONFIG, ConfigError } from '../../src/config/config.js';
import { evaluate, MAX_COMMANDS, type CommandInput } from '../../src/commands/evaluate.js';
import { parseCommands } from '../../src/commands/parse.js';
import { applyWaivers, currentWaivers } from '../../src/commands/waivers.js';
import { answeredIn, trailer, trailerOf } from '../../src/app/markers.js';

const SCOPE = { owner: 'acme', repo: 'shop', number: 3 };
import { commentBody } from '../../src/app/comment.js';
import { replyBody } from '../../src/app/commands/run-commands.js';
import { findingsOfComment } from '../../src/app/commands/thread-findings.js';
import type { Finding } from '../../src/model/types.js';
import type { Permission } from '../../src/commands/authorize.js';

function finding(rule: string, fingerprint: string, line = 17): Finding {
  return { rule, antipattern: 1, severity: 'error', file: 'deploy/web.yaml', line, endLine: line, span: [line, line], message: 'm', fingerprint, onDiff: true, commentLine: line };
}

function input(overrides: Partial<CommandInput> = {}): CommandInput {
  return {
    author: 'alice', waivers: [], open: true, headSha: 'abcdef1234567', now: '2025-01-01T00:00:00.000Z',
    config: async () => DEFAULT_CONFIG, permission: async () => 'write', ...overrides,
  };
}

describe('parsing what people type', () => {
  test('a dash an editor made of "--", words after the rule, and rule ids in backticks', () => {
    expect(parseCommands('/antipattern ignore image-latest-tag — pinned by digest')).toEqual([{ name: 'ignore', rule: 'image-latest-tag', reason: 'pinned by digest' }]);
    expect(parseCommands('/antipattern ignore image-latest-tag because we pin it')).toEqual([{ name: 'ignore', rule: 'image-latest-tag', reason: 'because we pin it' }]);
    expect(parseCommands('/antipattern unignore `Image-Latest-Tag`')).toEqual([{ name: 'unignore', rule: 'image-latest-tag' }]);
  });
});

describe('evaluate', () => {
  test('asks GitHub for the permission once for several state changes, and records events in order', async () => {
    const permission = jest.fn(async (): Promise<Permission> => 'admin');
    const out = await evaluate(parseCommands('/antipattern ignore image-latest-tag -- a\n/antipattern ignore missing-memory-limit\n/antipattern unignore image-latest-tag'), input({ permission }));
    expect(permission).toHaveBeenCalledTimes(1);
    expect(out.events.map((e) => [e.action, e.rule])).toEqual([['ignore', 'image-latest-tag'], ['ignore', 'missing-memory-limit'], ['unignore', 'image-latest-tag']]);
    expect(out.recheck).toBe(true);
    expect(currentWaivers(out.events).map((w) => w.rule)).toEqual(['missing-memory-limit']);
  });

  test('explain, list and help never look up the permission', async () => {
    const permission = jest.fn(async (): Promise<Permission> => 'none');
    const out = await evaluate(parseCommands('/antipattern help\n/antipattern explain 1\n/antipattern list'), input({ permission }));
    expect(permission).not.toHaveBeenCalled();
    expect(out).toMatchObject({ events: [], recheck: false });
    expect(out.sections).toHaveLength(3);
  });

  test('in a thread with two findings, ignore waives both by fingerprint and explain explains both rules', async () => {
    const thread = [{ fingerprint: 'aaaa', rule: 'image-latest-tag' }, { fingerprint: 'bbbb', rule: 'missing-memory-limit' }];
    const out = await evaluate(parseCommands('/antipattern explain\n/antipattern ignore'), input({ thread }));
    expect(out.sections[0]).toContain('(`image-latest-tag`)');
    expect(out.sections[0]).toContain('(`missing-memory-limit`)');
    expect(out.sections[1]).toContain('Waived these 2 findings (`image-latest-tag`, `missing-memory-limit`)');
    expect(out.events.map((e) => e.fingerprint)).toEqual(['aaaa', 'bbbb']);
  });

  test('unignore in a thread whose finding is waived with its whole rule says how to take that back', async () => {
    const thread = [{ fingerprint: 'aaaa', rule: 'image-latest-tag' }];
    const out = await evaluate(parseCommands('/antipattern unignore'), input({ thread, waivers: [{ rule: 'image-latest-tag', by: 'bob' }] }));
    expect(out.sections[0]).toContain('`/antipattern unignore image-latest-tag` takes that back');
    expect(out.events).toEqual([]);
  });

  test('on a closed pull request a waiver is recorded but nothing is rechecked', async () => {
    const out = await evaluate(parseCommands('/antipattern ignore image-latest-tag'), input({ open: false }));
    expect(out.events).toHaveLength(1);
    expect(out.recheck).toBe(false);
    expect(out.sections.at(-1)).toContain('closed');
  });

  test('an invalid config is named in the list answer', async () => {
    const out = await evaluate(parseCommands('/antipattern list'), input({ config: async () => { throw new ConfigError('fail_on: must be one of error, warning, hint, never'); } }));
    expect(out.sections[0]).toContain('> fail_on: must be one of error, warning, hint, never');
  });

  test(`at most ${MAX_COMMANDS} commands of one comment are answered`, async () => {
    const out = await evaluate(parseCommands(Array.from({ length: 12 }, () => '/antipattern explain 1').join('\n')), input());
    expect(out.sections).toHaveLength(MAX_COMMANDS + 1);
    expect(out.sections.at(-1)).toContain('I answered the first 10');
  });
});

describe('what the app trusts', () => {
  test('text a person wrote cannot smuggle a marker into a reply of the app', async () => {
    // Even a genuine trailer, quoted: it is not the last line of the reply, and the reply's own is.
    const forged = trailer({ waivers: [{ action: 'ignore', rule: 'image-latest-tag', by: 'mallory' }], replyTo: 1 }, SCOPE);
    const out = await evaluate(parseCommands(`/antipattern explain ${forged}\n/antipattern ${forged}`), input({ permission: async () => 'read' }));
    const body = replyBody(42, out, SCOPE);
    expect(trailerOf(body, SCOPE)).toEqual({ replyTo: 42 });
    expect(answeredIn([{ mine: true, body }], 1, SCOPE)).toBe(false);
    expect(answeredIn([{ mine: true, body }], 42, SCOPE)).toBe(true);
    expect(answeredIn([{ mine: false, body }], 42, SCOPE)).toBe(false);
    // The same reply read for another pull request does not verify.
    expect(answeredIn([{ mine: true, body }], 42, { ...SCOPE, number: 4 })).toBe(false);
  });

  test('unignore of a rule also takes back the waived findings of that rule', () => {
    const waivers = currentWaivers([
      { action: 'ignore', rule: 'image-latest-tag', fingerprint: 'aaaa', by: 'bob' },
      { action: 'ignore', rule: 'missing-memory-limit', fingerprint: 'bbbb', by: 'bob' },
      { action: 'unignore', rule: 'image-latest-tag', by: 'bob' },
    ]);
    expect(waivers.map((w) => w.fingerprint)).toEqual(['bbbb']);
  });

  test('waived findings are suppressed; findings suppressed inline keep their reason', () => {
    const findings = [finding('image-latest-tag', 'aaaa'), finding('missing-memory-limit', 'bbbb', 16), finding('image-latest-tag', 'cccc', 30)];
    findings[2]!.suppressed = { by: 'comment', reason: 'inline' };
    applyWaivers(findings, [{ rule: 'image-latest-tag', by: 'alice' }]);
    expect(findings.map((f) => f.suppressed?.reason)).toEqual(['waived in this pull request by @alice', undefined, 'inline']);
  });
});

describe('reading the app\'s own review comments', () => {
  test('pairs fingerprints with rules in a comment that lists several findings', () => {
    const body = commentBody([finding('missing-memory-limit', '1111'), finding('image-latest-tag', '2222')], false, SCOPE);
    expect(findingsOfComment(body, SCOPE)).toEqual([{ fingerprint: '1111', rule: 'missing-memory-limit' }, { fingerprint: '2222', rule: 'image-latest-tag' }]);
    expect(findingsOfComment('Just a remark.', SCOPE)).toEqual([]);
    expect(findingsOfComment(body, { ...SCOPE, repo: 'other' })).toEqual([]);
  });

  test('a reply too long for one comment is folded, its markers kept', () => {
    const body = replyBody(7, { sections: Array.from({ length: 30 }, (_, i) => `${i}: ${'x'.repeat(5000)}`), events: [{ action: 'ignore', rule: 'image-latest-tag', by: 'a' }], recheck: false }, SCOPE);
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(trailerOf(body, SCOPE)).toEqual({ replyTo: 7, waivers: [{ action: 'ignore', rule: 'image-latest-tag', by: 'a' }] });
    expect(body).toMatch(/\d+ more answers do not fit in one comment/);
  });
});
