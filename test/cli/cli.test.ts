/** The CLI end to end: commands, exit codes, formats, diff mode on temporary git repositories. */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { commitAll, gitIn, gitRepo, runCli, tempDir, writeFiles } from '../helpers/cli.js';
import { COMPLETE, workload } from '../helpers/manifests.js';

const bad = workload('Deployment', [{ name: 'api', image: 'api:latest' }]);
const good = workload('Deployment', [{ name: 'api', body: COMPLETE }]);

describe('check', () => {
  test('text output, exit 1 on errors, explain hint', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'k8s/api.yaml': bad, 'README.md': '# x\n' });
    const run = await runCli(['check'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('k8s/api.yaml');
    expect(run.stdout).toMatch(/10\s+error\s+image-latest-tag\s+Deployment web, container api/);
    expect(run.stdout).toContain('k8s-antipatterns explain');
    expect(run.stdout).not.toContain('\u001b[');
  });

  test('exit 0 on a clean tree, and --fail-on moves the threshold', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'k8s/api.yaml': good });
    expect((await runCli(['check', '.'], dir)).code).toBe(0);
    writeFiles(dir, { 'k8s/api.yaml': workload('Deployment', [{ name: 'api', body: COMPLETE.slice(0, 7).concat(COMPLETE.slice(11)) }]) });
    expect((await runCli(['check'], dir)).code).toBe(0);
    expect((await runCli(['check', '--fail-on', 'warning'], dir)).code).toBe(1);
    expect((await runCli(['check', '--fail-on', 'never'], join(dir, 'k8s'))).code).toBe(0);
  });

  test('JSON shape: version, findings sorted by file then line, files with status', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'b.yaml': bad, 'a.yaml': bad, 'broken.yaml': 'apiVersion: v1\nkind: [\n', 'notes.txt': 'hello', 'logo.png': '\u0000PNG' });
    const run = await runCli(['check', '--format', 'json', '.'], dir);
    const json = JSON.parse(run.stdout);
    expect(json.version).toBe(1);
    expect(Object.keys(json.findings[0]).sort()).toEqual(['antipattern', 'endLine', 'file', 'fingerprint', 'line', 'message', 'rule', 'severity']);
    const order = json.findings.map((f: { file: string; line: number }) => `${f.file}:${String(f.line).padStart(4, '0')}`);
    expect(order).toEqual([...order].sort());
    expect(json.files).toEqual(expect.arrayContaining([
      { path: 'a.yaml', kind: 'manifest', status: 'analyzed' },
      { path: 'broken.yaml', kind: 'manifest', status: 'error', reason: expect.stringMatching(/line \d/) },
      { path: 'logo.png', kind: 'other', status: 'skipped', reason: 'binary file' },
      // Every text file is scanned for credentials, so a plain text file counts as analyzed.
      { path: 'notes.txt', kind: 'other', status: 'analyzed' },
    ]));
  });

  test('SARIF is valid against the 2.1.0 schema', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'k8s/api.yaml': bad });
    const run = await runCli(['check', '--format', 'sarif'], dir);
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // ajv-draft-04 is CommonJS whose module.exports is the class itself.
    const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(run.stdout);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'image-latest-tag').help.markdown).toContain('How to fix');
  });

  test('github format writes workflow commands', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'k8s/api.yaml': bad });
    const run = await runCli(['check', '--format', 'github'], dir);
    expect(run.stdout).toMatch(/^::error file=k8s\/api.yaml,line=10,endLine=10,title=image-latest-tag \(anti-pattern 1\)::Deployment web/m);
    expect(run.stdout).toMatch(/^::notice file=/m);
  });

  test('honours .gitignore inside a git work tree', async () => {
    const root = gitRepo({ '.gitignore': 'generated/\n', 'k8s/api.yaml': good });
    writeFiles(root, { 'generated/bad.yaml': bad });
    const json = JSON.parse((await runCli(['check', '--format', 'json'], root)).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).not.toContain('generated/bad.yaml');
  });

  test('the repository config is used, and a bad one is exit 2 naming the key', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'k8s/api.yaml': bad, '.github/k8s-antipatterns.yml': 'rules:\n  image-latest-tag: off\n  missing-memory-limit: warning\n' });
    expect((await runCli(['check'], dir)).code).toBe(0);
    writeFiles(dir, { '.github/k8s-antipatterns.yml': 'fail_on: always\n' });
    const run = await runCli(['check'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^k8s-antipatterns: invalid config .*fail_on: must be one of error, warning, hint, never\n$/);
  });
});

describe('usage errors are exit 2 with one line', () => {
  test.each([
    [['check', 'no/such/path']],
    [['check', '--format', 'xml']],
    [['check', '--fail-on', 'sometimes']],
    [['check', '--config', 'missing.yml']],
    [['frobnicate']],
    [['explain', 'image-latest']],
    [['explain', '42']],
    [['check', '--bogus']],
  ])('%p', async (args) => {
    const run = await runCli(args, tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('    at ');
  });

  test('explain suggests the closest rule', async () => {
    expect((await runCli(['explain', 'image-latest'], tempDir())).stderr).toContain('did you mean "image-latest-tag"');
  });
});

describe('rules and explain', () => {
  test('rules lists every rule; json has the fields', async () => {
    const json = JSON.parse((await runCli(['rules', '--format', 'json'], tempDir())).stdout);
    expect(json.length).toBeGreaterThanOrEqual(9);
    expect(json.find((r: { id: string }) => r.id === 'missing-memory-limit')).toEqual({ id: 'missing-memory-limit', antipattern: 10, severity: 'error', kinds: ['manifest', 'helm-template'], title: expect.any(String) });
  });

  test('explain a rule and an anti-pattern', async () => {
    const rule = await runCli(['explain', 'missing-liveness-probe'], tempDir());
    expect(rule.code).toBe(0);
    expect(rule.stdout).toMatch(/Why it hurts[\s\S]*How to fix it[\s\S]*Flagged:[\s\S]*Fine:/);
    const ap = await runCli(['explain', '10'], tempDir());
    expect(ap.stdout).toContain('missing-memory-limit');
  });

  test('--help and --version', async () => {
    expect((await runCli(['--help'], tempDir())).stdout).toContain('Usage: k8s-antipatterns');
    expect((await runCli(['--version'], tempDir())).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('diff', () => {
  test('reports only what the change touched, relative to the merge-base with main', async () => {
    const root = gitRepo({ 'k8s/old.yaml': bad, 'k8s/api.yaml': good, 'k8s/gone.yaml': bad });
    gitIn(root, 'checkout', '-q', '-b', 'feature');
    writeFiles(root, { 'k8s/api.yaml': good.replace('registry.example.com/app:1.4.2', 'registry.example.com/app:latest'), 'k8s/new.yaml': workload('CronJob', [{ name: 'report', image: 'reporter' }], { name: 'nightly' }) });
    rmSync(join(root, 'k8s/gone.yaml'));
    commitAll(root, 'change');
    const run = await runCli(['diff', '--format', 'json'], root);
    const json = JSON.parse(run.stdout);
    const files = new Set(json.findings.map((f: { file: string }) => f.file));
    expect(files).toEqual(new Set(['k8s/api.yaml', 'k8s/new.yaml']));
    // Hints about the whole Deployment (metrics, token) count as touched too; errors and warnings only on the image line.
    const apiFindings = json.findings.filter((f: { file: string; severity: string }) => f.file === 'k8s/api.yaml' && f.severity !== 'hint');
    expect(apiFindings.map((f: { rule: string }) => f.rule)).toEqual(['image-latest-tag']);
    expect(json.files.find((f: { path: string }) => f.path === 'k8s/gone.yaml')).toMatchObject({ status: 'skipped' });
    expect(run.code).toBe(1);
  });

  test('a rename without edits has nothing to report', async () => {
    const root = gitRepo({ 'k8s/api.yaml': bad });
    gitIn(root, 'checkout', '-q', '-b', 'feature');
    gitIn(root, 'mv', 'k8s/api.yaml', 'k8s/renamed.yaml');
    commitAll(root, 'rename');
    const run = await runCli(['diff', '--base', 'main', '--format', 'json', '--repo', root], '/');
    expect(JSON.parse(run.stdout).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  test('explicit --base/--head, unknown revisions, and no default branch', async () => {
    const root = gitRepo({ 'k8s/api.yaml': good });
    const first = gitIn(root, 'rev-parse', 'HEAD').trim();
    writeFiles(root, { 'k8s/api.yaml': bad });
    commitAll(root, 'worse');
    expect((await runCli(['diff', '--base', first, '--head', 'HEAD'], root)).code).toBe(1);
    const unknown = await runCli(['diff', '--base', 'nope'], root);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown revision "nope"') });
    gitIn(root, 'branch', '-m', 'main', 'trunk');
    const noBase = await runCli(['diff'], root);
    expect(noBase).toMatchObject({ code: 2, stderr: expect.stringContaining('pass --base REV') });
    expect((await runCli(['diff'], tempDir())).stderr).toContain('not a git repository');
  });
});

test('explain keeps code examples intact as plain text (shebangs and comments too)', async () => {
  const run = await runCli(['explain', 'imperative-kubectl'], tempDir());
  expect(run.stdout).toContain('    #!/bin/sh');
  expect(run.stdout).not.toMatch(/^!\/bin\/sh/m);
  expect(run.stdout).not.toContain('```');
});
