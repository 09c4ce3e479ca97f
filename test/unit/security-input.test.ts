/**
 * Hostile input through the engine: file names that broke secretlint's profiler, deep or huge
 * shell, YAML and Terraform, and the fail-closed severities of engine findings.
 */
import { describe, expect, test } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { analyze } from '../../src/engine/analyze.js';
import { DEFAULT_CONFIG, parseConfig } from '../../src/config/config.js';
import { KNOWN_RULE_IDS, RULES } from '../../src/engine/registry.js';
import type { Rule } from '../../src/engine/rule.js';
import { scanName } from '../../src/secrets/scan.js';
import { shellTooComplex } from '../../src/engine/limits.js';
import { parseShell } from '../../src/shell/commands.js';
import { added } from '../helpers/change.js';
import { workload } from '../helpers/manifests.js';
import type { Result } from '../../src/model/types.js';

// Assembled so that no scanner of this repository flags the test itself.
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLF'].join('');
const latest = workload('Deployment', [{ name: 'api', image: 'api:latest' }]);

/** Lets queued observer callbacks and their promises run (no clock involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

function engineFindings(result: Result) {
  return result.findings.filter((f) => f.rule === 'parse-error' || f.rule === 'internal-error');
}

describe('file names chosen by the author', () => {
  const names = ['a::end.txt', 'a\nb.txt', 'notes/x::end||y.txt', 'k8s/a::start::end.yaml', 'b::end\n::end.sh'];

  test('never reach the secret scanner, so its profiler cannot reject; credentials are still found', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => {
      rejections.push(reason);
    };
    process.on('unhandledRejection', onRejection);
    try {
      const result = await analyze({ files: names.map((name) => added(name, `aws_access_key_id = ${AWS_KEY}\n`)) });
      await settle();
      expect(rejections).toEqual([]);
      expect(result.files.map((f) => f.path).sort()).toEqual([...names].sort());
      expect(result.findings.filter((f) => f.rule === 'hardcoded-credential').map((f) => f.file).sort()).toEqual([...names].sort());
      expect(engineFindings(result)).toEqual([]);
      const marks = performance.getEntriesByType('mark').map((m) => m.name);
      expect(marks.some((m) => m.includes('::end.txt') || m.includes('\n'))).toBe(false);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  test('the name secretlint sees keeps only what its npm rule reads', () => {
    expect(['a::end.txt', 'x\ny', 'deploy.sh'].map(scanName)).toEqual(['file.txt', 'file.txt', 'file.txt']);
    expect(['web/package.json', 'package-lock.json', 'home/.npmrc'].map(scanName)).toEqual(['package.json', 'package-lock.json', '.npmrc']);
  });
});

describe('deep and huge shell', () => {
  const nested = 'echo ' + '$('.repeat(3000) + 'x' + ')'.repeat(3000) + '\n';

  test('3,000 nested $( is a too-complex parse error, and the other files are still reviewed', async () => {
    const result = await analyze({ files: [added('deploy.sh', `#!/bin/sh\nkubectl apply -f k8s/\n${nested}`), added('k8s/api.yaml', latest)] });
    expect(engineFindings(result)).toEqual([
      expect.objectContaining({ rule: 'parse-error', severity: 'error', file: 'deploy.sh', line: 3, message: 'too complex: shell nesting deeper than 64 levels' }),
    ]);
    expect(result.files.find((f) => f.path === 'deploy.sh')).toMatchObject({ status: 'error', reason: expect.stringMatching(/^too complex: /) });
    expect(result.findings.some((f) => f.rule === 'image-latest-tag' && f.file === 'k8s/api.yaml')).toBe(true);
  });

  test('a 250 KB line of unclosed ${ is refused before the parser sees it', async () => {
    const result = await analyze({ files: [added('run.sh', 'echo ' + '${'.repeat(125_000) + '\n')] });
    expect(engineFindings(result)).toEqual([expect.objectContaining({ rule: 'parse-error', severity: 'error', message: expect.stringMatching(/^too complex: /) })]);
  });

  test('limits of one script: size, line, nesting (quotes, comments and stray closers do not hide an opener)', () => {
    expect(shellTooComplex('a\n'.repeat(140_000))?.reason).toBe('shell script longer than 256 KB');
    expect(shellTooComplex('ok\necho ' + 'x'.repeat(20_000) + '\n')).toEqual({ line: 2, reason: 'shell line longer than 16 KB' });
    expect(shellTooComplex('echo ' + '${'.repeat(65))?.reason).toBe('shell nesting deeper than 64 levels');
    expect(shellTooComplex('echo ' + ')${'.repeat(65))?.reason).toBe('shell nesting deeper than 64 levels');
    expect(shellTooComplex('echo ' + "'${'".repeat(100) + ' # ${'.repeat(100) + '\n')).toBeUndefined();
    expect(shellTooComplex('echo "$(a "$(b)")" ${x:-$(y)} `z` $((1 + (2)))\ncase $x in a) b ;; esac\n')).toBeUndefined();
  });

  test('syntax trees thousands of levels deep are walked without recursion', async () => {
    // Left-nested lists: no lexical nesting, yet a tree 5,000 levels deep.
    const chain = 'kubectl apply -f a.yaml &&\n' + 'echo ok &&\n'.repeat(5000) + 'kubectl rollout status deploy/a\n';
    const script = await parseShell(chain);
    expect(script.commands).toHaveLength(5002);
    expect(script.commands[0]!.argv).toEqual(['kubectl', 'apply', '-f', 'a.yaml']);
    const arithmetic = 'x=$((' + '1 +\n'.repeat(5000) + '1))\nkubectl delete pod a\n';
    expect((await parseShell(arithmetic)).commands.map((c) => c.name)).toEqual(['kubectl']);
    const result = await analyze({ files: [added('chain.sh', chain), added('math.sh', arithmetic)] });
    expect(engineFindings(result)).toEqual([]);
    expect(result.files.map((f) => f.status)).toEqual(['analyzed', 'analyzed']);
  });

  test('a CI run block that is too complex is a parse error at its line in the workflow', async () => {
    const workflow = [
      'on: push', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    steps:',
      '      - run: kubectl apply -f k8s/', '      - run: |', '          echo start', `          ${nested.trim()}`, '',
    ].join('\n');
    const result = await analyze({ files: [added('.github/workflows/deploy.yaml', workflow)] });
    expect(engineFindings(result)).toEqual([
      expect.objectContaining({ rule: 'parse-error', severity: 'error', line: 9, message: expect.stringMatching(/^too complex: shell nesting deeper than 64 levels/) }),
    ]);
    expect(result.files[0]).toMatchObject({ status: 'error', reason: expect.stringMatching(/^too complex: /) });
  });

  test('a Makefile is bounded as the shell its recipes become', async () => {
    const result = await analyze({ files: [added('Makefile', `deploy:\n\techo ${'$$('.repeat(100)}\n`)] });
    expect(engineFindings(result)).toEqual([expect.objectContaining({ rule: 'parse-error', severity: 'error', line: 2 })]);
  });
});

describe('deep YAML and Terraform', () => {
  test('flow nesting and indentation past the limits are too complex; each is an error on its own file', async () => {
    const deep = latest + 'x: ' + '['.repeat(150) + ']'.repeat(150) + '\n';
    const indented = latest + Array.from({ length: 450 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n';
    const tf = 'locals {\n  x = ' + '['.repeat(150) + ']'.repeat(150) + '\n}\n';
    const result = await analyze({ files: [added('k8s/deep.yaml', deep), added('k8s/indented.yaml', indented), added('infra/main.tf', tf)] });
    expect(engineFindings(result).map((f) => [f.file, f.severity, f.line, f.message])).toEqual([
      ['infra/main.tf', 'error', 2, 'too complex: Terraform nesting deeper than 100 levels'],
      ['k8s/deep.yaml', 'error', expect.any(Number), 'too complex: YAML nesting deeper than 100 levels'],
      ['k8s/indented.yaml', 'error', expect.any(Number), 'too complex: YAML indented more than 400 columns'],
    ]);
  });
});

describe('engine findings fail closed', () => {
  const broken = { ...RULES.find((r) => r.id === 'image-latest-tag')!, check: () => { throw new RangeError('Maximum call stack size exceeded'); } } as Rule;
  const rules = [broken, ...RULES.filter((r) => r.id !== 'image-latest-tag')];

  test('a rule that cannot run is an error naming the rule and the file', async () => {
    const result = await analyze({ files: [added('k8s/api.yaml', latest)] }, DEFAULT_CONFIG, { rules });
    const internal = result.findings.find((f) => f.rule === 'internal-error')!;
    expect(internal).toMatchObject({ severity: 'error', file: 'k8s/api.yaml' });
    expect(internal.message).toBe('Rule image-latest-tag could not run on k8s/api.yaml (Maximum call stack size exceeded), so this file was not fully reviewed: it needs a human look.');
  });

  test('the config can lower it like any rule, or turn it off', async () => {
    const lowered = parseConfig('rules:\n  internal-error: warning\n', KNOWN_RULE_IDS);
    const result = await analyze({ files: [added('k8s/api.yaml', latest)] }, lowered, { rules });
    expect(result.findings.find((f) => f.rule === 'internal-error')!.severity).toBe('warning');
    const off = parseConfig('rules:\n  internal-error: "off"\n  parse-error: warning\n', KNOWN_RULE_IDS);
    const quiet = await analyze({ files: [added('k8s/api.yaml', latest), added('x.sh', 'echo ' + '$('.repeat(70))] }, off, { rules });
    expect(quiet.findings.some((f) => f.rule === 'internal-error')).toBe(false);
    expect(quiet.findings.find((f) => f.rule === 'parse-error')!.severity).toBe('warning');
  });

  test('an ordinary parse error keeps its warning', async () => {
    const result = await analyze({ files: [added('k8s/broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n')] });
    expect(engineFindings(result)).toEqual([expect.objectContaining({ rule: 'parse-error', severity: 'warning' })]);
  });
});
