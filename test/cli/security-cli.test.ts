/**
 * The CLI against a hostile checkout: file names that crashed the secret scanner, symbolic links
 * out of the reviewed folder (with and without git), and a clear exit on a stray rejection.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { commitAll, gitRepo, runCli, tempDir, writeFiles } from '../helpers/cli.js';
import { installCrashHandlers, type CrashSource } from '../../src/cli/main.js';
import { workload } from '../helpers/manifests.js';

// Assembled so that no scanner of this repository flags the test itself.
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLF'].join('');
const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: prod\nstringData:\n  aws_access_key_id: ${AWS_KEY}\n`;
const latest = workload('Deployment', [{ name: 'api', image: 'api:latest' }]);

interface JsonRun {
  findings: Array<{ rule: string; file: string; severity: string }>;
  files: Array<{ path: string; status: string; reason?: string }>;
}

async function checkJson(dir: string): Promise<{ code: number; json: JsonRun; stderr: string }> {
  const run = await runCli(['check', '--format', 'json'], dir);
  return { code: run.code, json: JSON.parse(run.stdout) as JsonRun, stderr: run.stderr };
}

describe('file names', () => {
  test('a::end.txt and a name with a newline are reviewed like any file', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a::end.txt': 'hello\n', 'a\nb.txt': 'hi\n', 'k8s/x::end.yaml': latest });
    const { code, json, stderr } = await checkJson(dir);
    expect(stderr).toBe('');
    expect(code).toBe(1); // image-latest-tag is an error
    expect(json.files.map((f) => [f.path, f.status])).toEqual([['a\nb.txt', 'analyzed'], ['a::end.txt', 'analyzed'], ['k8s/x::end.yaml', 'analyzed']]);
    expect(json.findings.some((f) => f.rule === 'image-latest-tag' && f.file === 'k8s/x::end.yaml')).toBe(true);
  });
});

/** An outside folder with a Secret, and links to it, inside the folder and to a folder. */
function linkFixture(root: string): string {
  const outside = tempDir();
  writeFiles(outside, { 'prod-secret.yaml': secret });
  writeFiles(root, { 'k8s/api.yaml': latest });
  symlinkSync(join(outside, 'prod-secret.yaml'), join(root, 'k8s/secret.yaml'));
  symlinkSync(outside, join(root, 'linked-dir'));
  symlinkSync('missing.yaml', join(root, 'k8s/broken.yaml'));
  return outside;
}

function expectLinkHandling(json: JsonRun): void {
  const byPath = new Map(json.files.map((f) => [f.path, f]));
  expect(byPath.get('k8s/secret.yaml')).toEqual({ path: 'k8s/secret.yaml', kind: 'other', status: 'skipped', reason: 'symbolic link to a path outside the reviewed folder' });
  expect(byPath.get('linked-dir')).toMatchObject({ status: 'skipped', reason: 'symbolic link to a path outside the reviewed folder' });
  expect(byPath.get('k8s/broken.yaml')).toMatchObject({ status: 'skipped', reason: 'broken symbolic link' });
  // Nothing of the Secret was read: no credential finding anywhere.
  expect(json.findings.filter((f) => f.rule !== 'image-latest-tag' && f.file === 'k8s/secret.yaml')).toEqual([]);
  expect(json.findings.some((f) => f.rule === 'hardcoded-credential' || f.rule === 'plaintext-secret-manifest')).toBe(false);
}

describe('symbolic links', () => {
  test('outside git: never followed out of the folder, listed as skipped; a link inside is read', async () => {
    const dir = tempDir();
    linkFixture(dir);
    const { json } = await checkJson(dir);
    expectLinkHandling(json);
    // A link to a file inside the folder is read under its own path.
    symlinkSync('api.yaml', join(dir, 'k8s/sibling.yaml'));
    const again = await checkJson(dir);
    expect(again.json.files.find((f) => f.path === 'k8s/sibling.yaml')).toMatchObject({ status: 'analyzed' });
    expect(again.json.findings.some((f) => f.rule === 'image-latest-tag' && f.file === 'k8s/sibling.yaml')).toBe(true);
  });

  test('a folder given by path is the fence, even when it sits inside a larger tree', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'other/secret.yaml': secret, 'app/k8s/api.yaml': latest });
    symlinkSync('../../other/secret.yaml', join(dir, 'app/k8s/secret.yaml'));
    const run = await runCli(['check', '--format', 'json', 'app'], dir);
    const json = JSON.parse(run.stdout) as JsonRun;
    // Outside git, paths are relative to the current folder.
    expect(json.files.find((f) => f.path === 'app/k8s/secret.yaml')).toMatchObject({ status: 'skipped', reason: 'symbolic link to a path outside the reviewed folder' });
    expect(json.findings.some((f) => f.rule === 'hardcoded-credential')).toBe(false);
  });

  test('inside a git work tree: tracked links are not followed out of the folder either', async () => {
    const dir = gitRepo({ 'README.md': '# x\n' });
    linkFixture(dir);
    symlinkSync('api.yaml', join(dir, 'k8s/sibling.yaml'));
    commitAll(dir, 'links');
    const { json } = await checkJson(dir);
    expectLinkHandling(json);
    expect(json.files.find((f) => f.path === 'k8s/sibling.yaml')).toMatchObject({ status: 'analyzed' });
  });

  test('diff mode lists a changed link as skipped and never reads its target', async () => {
    const dir = gitRepo({ 'README.md': '# x\n' });
    const outside = tempDir();
    writeFileSync(join(outside, 'prod-secret.yaml'), secret);
    mkdirSync(join(dir, 'k8s'));
    symlinkSync(join(outside, 'prod-secret.yaml'), join(dir, 'k8s/secret.yaml'));
    commitAll(dir, 'link');
    const run = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    const json = JSON.parse(run.stdout) as JsonRun;
    expect(json.files).toEqual([{ path: 'k8s/secret.yaml', kind: 'other', status: 'skipped', reason: 'symbolic link' }]);
    expect(json.findings).toEqual([]);
  });
});

describe('crash handlers', () => {
  test('an unhandled rejection is reported on stderr and exits 2', () => {
    const emitter = new EventEmitter();
    const exits: number[] = [];
    let stderr = '';
    const proc = { on: (event: string, listener: (reason: unknown) => void) => emitter.on(event, listener), exit: (code: number) => { exits.push(code); } } as unknown as CrashSource;
    installCrashHandlers(proc, (s) => { stderr += s; }, false);
    emitter.emit('unhandledRejection', new Error('The "x" performance mark has not been set'));
    expect(exits).toEqual([2]);
    expect(stderr).toBe('k8s-antipatterns: internal error: unhandled promise rejection: The "x" performance mark has not been set (run with --debug for details)\n'
      + 'k8s-antipatterns: the review did not complete; its output, if any, is not reliable.\n');
    emitter.emit('uncaughtException', 'boom');
    expect(exits).toEqual([2, 2]);
    expect(stderr).toContain('internal error: uncaught exception: boom');
  });
});
