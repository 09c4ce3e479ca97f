import { describe, expect, test } from '@jest/globals';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { KNOWN_RULE_IDS } from '../../src/engine/registry.js';

const parse = (text: string) => parseConfig(text, KNOWN_RULE_IDS);

describe('config file', () => {
  test('defaults for an empty file', () => {
    expect(parse('')).toMatchObject({ fail_on: 'error', max_comments: 20, review_event: 'comment', review_drafts: false, controller: false, rules: {}, ignore_paths: [] });
  });

  test('all keys, and off written as YAML 1.1 false', () => {
    const config = parse('rules:\n  missing-cpu-limit: off\n  image-latest-tag: warning\n  missing-memory-request: false\nignore_paths: ["vendor/**"]\nfail_on: warning\nmax_comments: 5\nreview_event: request_changes\nreview_drafts: true\ncontroller: true\n');
    expect(config).toEqual({
      rules: { 'missing-cpu-limit': 'off', 'image-latest-tag': 'warning', 'missing-memory-request': 'off' },
      ignore_paths: ['vendor/**'], fail_on: 'warning', max_comments: 5, review_event: 'request_changes', review_drafts: true, controller: true,
    });
  });

  test.each([
    ['failon: error\n', /unknown key "failon"; allowed keys: rules, ignore_paths, fail_on/],
    ['fail_on: sometimes\n', /fail_on: must be one of error, warning, hint, never/],
    ['rules:\n  image-latest-tag: fatal\n', /rules.image-latest-tag: must be one of off, error, warning, hint/],
    ['rules:\n  image-latest: off\n', /rules.image-latest: unknown rule id \(did you mean "image-latest-tag"\?\)/],
    ['max_comments: many\n', /max_comments: must be a whole number/],
    ['ignore_paths: vendor\n', /ignore_paths: must be a list/],
    ['- a\n- b\n', /must be a YAML mapping/],
    ['rules: [\n', /not valid YAML/],
  ])('%p is rejected with a clear message', (text, message) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });
});
