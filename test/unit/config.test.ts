import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../src/config/config.js';
import { analyze } from '../../src/engine/analyze.js';
import { generatedDocs } from '../../src/docs/pages.js';
import { KNOWN_RULE_IDS } from '../../src/engine/registry.js';

const parse = (text: string) => parseConfig(text, KNOWN_RULE_IDS);
// ajv is CommonJS whose default export is the class.
const Ajv = createRequire(import.meta.url)('ajv') as typeof import('ajv').default;

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
    ['failon: error\n', /unknown key "failon" \(did you mean "fail_on"\?\); allowed keys: rules, ignore_paths, fail_on/],
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

describe('every problem at once, with its line, in our words', () => {
  test('all problems of a file are reported together, in line order', () => {
    const text = 'fail_on: sometimes\nrules:\n  image-latest: off\n  missing-cpu-limit: fatal\nmax_comments: 500\nignore_paths: [1, 2]\nreviewdrafts: true\n';
    let error: ConfigError | undefined;
    try {
      parse(text);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.issues.map((i) => [i.line, i.path, i.message])).toEqual([
      [1, 'fail_on', 'must be one of error, warning, hint, never'],
      [3, 'rules.image-latest', 'unknown rule id (did you mean "image-latest-tag"?); run "k8s-antipatterns rules" for the list'],
      [4, 'rules.missing-cpu-limit', 'must be one of off, error, warning, hint'],
      [5, 'max_comments', 'must be a whole number from 0 to 100'],
      [6, 'ignore_paths', 'must be a list of glob patterns'],
      [7, '', expect.stringMatching(/^unknown key "reviewdrafts" \(did you mean "review_drafts"\?\)/)],
    ]);
    // One message for the App's check run: the key first, then the line.
    expect(error!.message).toContain('fail_on: must be one of error, warning, hint, never (line 1); rules.image-latest: unknown rule id');
  });

  test('no message is zod\'s own', () => {
    for (const text of ['rules: 3\n', 'rules:\n  image-latest-tag: [1]\n', 'max_comments: 1.5\n', 'controller: "yes"\n', 'review_event: approve\n', '_extends: 3\n']) {
      let message = '';
      try {
        parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toMatch(/Expected|Received|Invalid|received|expected/);
      expect(message).toMatch(/ \(line 1\)$| \(line 2\)$/);
    }
  });

  test('YAML errors name their line; a byte-order mark is not an error', () => {
    expect(() => parse('fail_on: error\nrules: [\n')).toThrow(/not valid YAML: .* \(line \d\)/);
    expect(parse('\uFEFFfail_on: warning\n').fail_on).toBe('warning');
  });
});

describe('the JSON schema of the config', () => {
  const schema = JSON.parse(readFileSync(new URL('../../docs/k8s-antipatterns.schema.json', import.meta.url), 'utf8'));

  test('is generated from the zod schema and the rules (run `npm run docs` after changing either)', () => {
    expect(`${JSON.stringify(schema, null, 2)}\n`).toBe(generatedDocs().get('docs/k8s-antipatterns.schema.json'));
  });

  test('accepts what the config accepts and rejects what it rejects', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const cases: Array<[string, boolean]> = [
      ['rules:\n  missing-cpu-limit: off\n  image-env-tag: error\nignore_paths: ["vendor/**"]\nfail_on: error\nmax_comments: 20\nreview_event: comment\nreview_drafts: false\ncontroller: false\n', true],
      ['rules:\n  missing-cpu-limit: false\n', true],
      ['rules:\n  parse-error: off\n', true],
      ['rules:\n  image-latest: off\n', false],
      ['failon: error\n', false],
      ['fail_on: sometimes\n', false],
      ['max_comments: 101\n', false],
      ['max_comments: 1.5\n', false],
    ];
    for (const [text, valid] of cases) {
      const data = parseYaml(text);
      expect([text, validate(data)]).toEqual([text, valid]);
      let accepted = true;
      try {
        parse(text);
      } catch {
        accepted = false;
      }
      expect([text, accepted]).toEqual([text, valid]);
    }
  });
});

describe('ignore_paths matches whole paths from the repository root (as the README says)', () => {
  const paths = ['api.yaml', 'k8s/api.yaml', 'vendor/x.yaml', 'src/vendor/x.yaml', 'deploy/a.generated.yaml', '.hidden/x.yaml'];
  const ignoredBy = async (pattern: string) => {
    const files = paths.map((path) => ({ path, status: 'added' as const, text: 'a: 1\n', changedLines: 'all' as const }));
    const result = await analyze({ files }, { ...DEFAULT_CONFIG, ignore_paths: [pattern] });
    return result.files.filter((f) => f.reason === 'matches ignore_paths').map((f) => f.path).sort();
  };

  test.each([
    ['vendor/**', ['vendor/x.yaml']],
    ['**/vendor/**', ['src/vendor/x.yaml', 'vendor/x.yaml']],
    ['*.yaml', ['api.yaml']],
    ['**/*.generated.yaml', ['deploy/a.generated.yaml']],
    ['k8s', []],
    ['k8s/**', ['k8s/api.yaml']],
    ['.hidden/**', ['.hidden/x.yaml']],
  ])('%p ignores %p', async (pattern, expected) => {
    expect(await ignoredBy(pattern)).toEqual(expected);
  });
});
