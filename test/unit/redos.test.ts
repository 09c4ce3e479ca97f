/**
 * Inputs that froze the event loop (catastrophic backtracking, cyclic alias walks), scaled to about
 * 100,000 characters and run through the public functions that read them. A catastrophic pattern
 * or walk would not finish, so finishing with the right result is the check; no timing asserted.
 */
import { describe, expect, test } from '@jest/globals';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { parseCommands, MAX_COMMENT_LENGTH } from '../../src/commands/parse.js';
import { environmentOfName, environmentOfTag, isEnvironmentTag } from '../../src/k8s/environment.js';
import { walkValues } from '../../src/helm/chart.js';
import { parseYaml, type YamlFile } from '../../src/parse/yaml.js';
import { analyze } from '../../src/engine/analyze.js';
import { maskExpressions } from '../../src/ci/scalar.js';
import { ciExpressions } from '../../src/ci/expressions.js';
import { maskTemplate, templateActions } from '../../src/parse/helm-mask.js';
import { parseQuantity } from '../../src/k8s/quantity.js';
import { embeddedSecrets } from '../../src/secrets/embedded.js';
import { added, changeOf } from '../helpers/change.js';

const SIZE = 100_000;

/** `unit` repeated to about SIZE characters. */
function repeat(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

describe('inputs that used to freeze the event loop', () => {
  test('a command line split by U+2028 around runs of spaces', () => {
    const spaces = ' '.repeat(SIZE / 2);
    const body = `/antipattern x\u2028${spaces} I${spaces}\u2028`;
    // U+2028 ends a line: the command is `x` alone, the rest are lines without a command.
    expect(parseCommands(body)).toEqual([{ name: 'unknown', text: 'x' }]);
  });

  test('a long comment is read up to its cap, commands before it kept', () => {
    const body = `/antipattern recheck\n${repeat('/antipattern ignore a -- ', SIZE)}`;
    const commands = parseCommands(body);
    expect(commands[0]).toEqual({ name: 'recheck' });
    // One line of repeated commands: a single `ignore`, its reason cut at the cap.
    expect(commands).toHaveLength(2);
    expect(commands[1]).toMatchObject({ name: 'ignore', rule: 'a' });
    expect(MAX_COMMENT_LENGTH).toBe(64 * 1024);
  });

  test('an ignore reason of spaces and dashes', () => {
    const body = `/antipattern ignore rule-x ${' '.repeat(30_000)}x${' '.repeat(30_000)}`;
    expect(parseCommands(body)).toEqual([{ name: 'ignore', rule: 'rule-x', reason: 'x' }]);
  });

  test('an image tag made to split every way (`prod-0u` + `e-e`...)', () => {
    const tag = `prod-0u${repeat('e-e', SIZE)}+`;
    expect(environmentOfTag(tag)).toBeUndefined();
    // The same shape without the bad last character is a build id after an environment word.
    expect(environmentOfTag(`prod-0u${repeat('e-e', SIZE)}`)).toBe('prod');
    expect(isEnvironmentTag(`${repeat('1', SIZE)}-qa`)).toBe(true);
  });

  test('long names made of qualifiers and digits', () => {
    expect(environmentOfName(`prod-${repeat('north', SIZE)}1x`)).toBeUndefined();
    expect(environmentOfName(`prod-${repeat('north', SIZE)}1`)?.name).toBe('production');
    expect(environmentOfName(`orders-${repeat('1', SIZE)}a`)).toBeUndefined();
  });

  test('a values file whose anchor contains aliases to itself', async () => {
    const text = 'a: &a {b: *a, c: *a, d: *a}\n';
    // Kubernetes' YAML reader rejects an anchor that contains itself; so does the parser here.
    const parsed = parseYaml(text);
    expect(parsed).toMatchObject({ ok: false, reason: expect.stringContaining('contains an alias to itself') });
    // A walk over such a document (built without that check) stops at the cycle.
    const lineCounter = new LineCounter();
    const file: YamlFile = { text, docs: parseAllDocuments(text, { lineCounter }) as Document.Parsed[], lineCounter };
    const paths: string[] = [];
    walkValues(file, (_map, path) => paths.push(path.join('.')));
    expect(paths).toEqual(['', 'a']);
    // Through the engine: a parse error on the values file, not a hang.
    const result = await analyze(changeOf(added('chart/values.yaml', text), added('chart/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 1.0.0\n')));
    expect(result.findings.filter((f) => f.rule === 'parse-error').map((f) => f.line)).toEqual([1]);
  });

  test('a values file with thousands of self-references in one anchor', () => {
    const keys = Array.from({ length: SIZE / 10 }, (_, i) => `k${i}: *a`).join(', ');
    expect(parseYaml(`a: &a {${keys}}\n`)).toMatchObject({ ok: false });
  });

  test('aliases of one anchor many times over are not a cycle', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `k${i}: *base`).join('\n');
    const parsed = parseYaml(`base: &base {x: 1}\n${many}\n`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    let maps = 0;
    walkValues(parsed.file, () => maps++);
    expect(maps).toBe(2002);
  });

  test('a workflow env value of unclosed `${{github.head_ref.b`', async () => {
    const attack = repeat('${{github.head_ref.b', SIZE);
    const workflow = [
      'on: pull_request',
      'env:',
      `  ATTACK: "${attack}"`,
      '  NS: pr-${{ github.event.number }}',
      'jobs:',
      '  preview:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          kubectl create namespace "$NS"',
      '          helm upgrade --install web ./c -n "$NS" --atomic',
    ].join('\n');
    const result = await analyze(changeOf(added('.github/workflows/preview.yml', workflow)));
    expect(result.findings.filter((f) => f.rule === 'preview-env-without-teardown').map((f) => f.line)).toEqual([10]);
  });

  test('CI expressions and template actions never closed', () => {
    const unclosed = repeat('${{ a $[[ b {{ c ', SIZE);
    expect(ciExpressions(unclosed)).toEqual([]);
    expect(maskExpressions(unclosed)).toBe(unclosed);
    expect(templateActions(unclosed)).toEqual([]);
    expect(maskTemplate(unclosed).text).toBe(unclosed);
    expect(ciExpressions('x ${{ a }} $[[ b ]] ${{ c')).toEqual([
      { start: 2, end: 10, body: ' a ' },
      { start: 11, end: 19, body: ' b ' },
    ]);
  });

  test('a quantity of one long number', () => {
    expect(parseQuantity(`${repeat('1', SIZE)}x`)).toBeUndefined();
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
  });

  test('an embedded config line of spaces', () => {
    const line = `password:${' '.repeat(SIZE / 2)},${' '.repeat(SIZE / 2)}x`;
    const commented = `password = s3cr3t-Value-9${' '.repeat(SIZE)}x # note`;
    expect(embeddedSecrets([line, commented, 'timeout: 30'], 1, 3)).toEqual([{ line: 1, what: 'sets password' }, { line: 2, what: 'sets password' }]);
  });
});
