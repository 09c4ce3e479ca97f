/**
 * The streaming engine (files reviewed one at a time, trees dropped, cross-file rules through
 * gather/finish, optionally on worker threads) finds exactly what the engine that kept every tree
 * found: examples/ with every file new, and with each file edited alone among the others as
 * context, against findings recorded from the old engine (test/fixtures/engine-parity). A change
 * to a rule's findings updates that file on purpose. Threads change nothing: the compiled CLI gives
 * the same bytes with one thread and with three. The JSON report written in pieces is the same
 * bytes as the one-string report.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, analyzeInParts } from '../../src/engine/analyze.js';
import { formatText } from '../../src/report/text.js';
import { reviewPaths } from '../../src/cli/commands.js';
import { formatJson, jsonChunks, toJsonReport } from '../../src/report/json.js';
import type { ChangedFile, Finding, Result } from '../../src/model/types.js';
import { generateManifests } from '../../bench/generate.js';
import { runCli, tempDir, writeFiles } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const CLI = join(ROOT, 'dist/src/cli/bin.js');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const FILES = walk(EXAMPLES).map((f) => ({ path: relative(EXAMPLES, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }));

/** Scenario title → the lines recorded: one JSON finding per line, then the files list. */
function recorded(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of readFileSync(join(ROOT, 'test/fixtures/engine-parity/examples.txt'), 'utf8').split('\n')) {
    if (line.startsWith('## ')) out.set(line.slice(3), (current = []));
    else if (line !== '') current.push(line);
  }
  return out;
}

function linesOf(result: Result): string[] {
  return [...result.findings.map((f) => JSON.stringify(f)), ...result.files.map((f) => `file ${JSON.stringify(f)}`)];
}

describe('the streaming engine finds what the engine that kept every tree found', () => {
  const expected = recorded();

  test('examples/ with every file new', async () => {
    const result = await analyze({ files: FILES.map((f): ChangedFile => ({ path: f.path, status: 'added', text: f.text, changedLines: 'all' })) });
    expect(linesOf(result)).toEqual(expected.get('all added'));
  });

  test('each file of examples/ edited alone, the others unchanged context', async () => {
    const differing: string[] = [];
    for (const edited of FILES) {
      const files = FILES.map((f): ChangedFile => (f === edited
        ? { path: f.path, status: 'modified', text: f.text, baseText: '', changedLines: 'all' }
        : { path: f.path, status: 'unchanged', text: f.text, changedLines: new Set() }));
      const want = expected.get(`edited alone: ${edited.path}`);
      if (JSON.stringify(linesOf(await analyze({ files }))) !== JSON.stringify(want)) differing.push(edited.path);
    }
    expect(differing).toEqual([]);
    expect(FILES.length).toBe([...expected.keys()].length - 1);
  });
});

describe('files the engine loads when their turn comes', () => {
  test('give the same findings as files given with their text, byte-order mark and all', async () => {
    const given = FILES.map((f): ChangedFile => ({ path: f.path, status: 'added', text: f.text, changedLines: 'all' }));
    let loads = 0;
    const loaded = FILES.map((f): ChangedFile => ({
      path: f.path, status: 'added', changedLines: 'all',
      load: () => { loads++; return f.path.endsWith('.yaml') ? `\uFEFF${f.text}` : f.text; },
    }));
    expect(await analyze({ files: loaded })).toEqual(await analyze({ files: given }));
    expect(loads).toBeGreaterThanOrEqual(FILES.length);
  });

  test('a file that can no longer be read is reported, and the others are reviewed', async () => {
    const result = await analyze({ files: [
      { path: 'deploy/gone.yaml', status: 'added', changedLines: 'all', load: () => undefined },
      { path: 'deploy/web.yaml', status: 'added', changedLines: 'all', load: () => 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:latest\n' },
    ] });
    expect(result.files).toContainEqual({ path: 'deploy/gone.yaml', kind: 'other', status: 'skipped', reason: 'no content available' });
    expect(result.findings.some((f) => f.file === 'deploy/web.yaml' && f.rule === 'image-latest-tag')).toBe(true);
  });
});

describe('the CLI judges large files by their size and first bytes', () => {
  test('a large binary file and a file over 1 MiB are skipped, a large manifest is reviewed', async () => {
    const dir = tempDir();
    const manifest = generateManifests(200_000, 200_000)[0]!.text;
    writeFiles(dir, { 'deploy/app.yaml': manifest, 'deploy/huge.yaml': manifest.repeat(8) });
    writeFileSync(join(dir, 'deploy/image.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0x00]), Buffer.alloc(100_000, 0x41)]));
    const run = await runCli(['check', '.', '--no-config', '--format', 'json', '--threads', '1'], dir);
    const report = JSON.parse(run.stdout) as { findings: Array<{ file: string }>; files: unknown[] };
    expect(report.files).toEqual(expect.arrayContaining([
      { path: 'deploy/app.yaml', kind: 'manifest', status: 'analyzed' },
      { path: 'deploy/huge.yaml', kind: 'other', status: 'skipped', reason: 'larger than 1 MiB' },
      { path: 'deploy/image.bin', kind: 'other', status: 'skipped', reason: 'binary file' },
    ]));
    expect(report.findings.some((f) => f.file === 'deploy/app.yaml')).toBe(true);
  });
});

describe('threads change nothing', () => {
  const built = existsSync(CLI);

  (built ? test : test.skip)('the compiled CLI prints the same JSON with 1 and 3 threads', () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const f of FILES) files[`shop/${f.path}`] = f.text;
    for (const f of generateManifests(600_000, 100_000)) files[`generated/${f.path}`] = f.text;
    writeFiles(dir, files);
    const run = (threads: string): string => {
      try {
        return execFileSync(process.execPath, [CLI, 'check', dir, '--no-config', '--format', 'json', '--threads', threads], { encoding: 'utf8', maxBuffer: 1 << 28 });
      } catch (error) {
        // Exit code 1: findings at or above fail_on; the report is still on stdout.
        return (error as { stdout: string }).stdout;
      }
    };
    const one = run('1');
    expect((JSON.parse(one) as { findings: unknown[] }).findings.length).toBeGreaterThan(1000);
    expect(run('3')).toBe(one);
  });
});

describe('--threads', () => {
  test('takes a whole number from 1, or auto, and names what it got otherwise', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'deploy/web.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:latest\n' });
    for (const bad of ['0', 'two', '1.5', '-1']) {
      const run = await runCli(['check', '.', '--no-config', `--threads=${bad}`], dir);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringContaining(`--threads must be a whole number from 1, or auto (got "${bad}")`) });
    }
    const outputs = [];
    for (const good of ['1', '2', 'auto']) {
      const run = await runCli(['check', '.', '--no-config', '--format', 'json', '--threads', good], dir);
      expect(run.code).toBe(1);
      outputs.push(run.stdout);
    }
    expect(new Set(outputs).size).toBe(1);
  });
});

describe('the JSON report in pieces', () => {
  const finding = (i: number): Finding => ({
    rule: 'image-latest-tag', antipattern: 1, severity: 'error', file: `deploy/app-${i}.yaml`, line: i + 1, endLine: i + 2, span: [i + 1, i + 2],
    message: `Image "web:latest" of container ${i} moves under you.\nPin a version.`, fingerprint: `f${i}`,
    ...(i % 3 === 0 ? { suggestion: '  image: web:1.2.3' } : {}),
  });
  const files = [{ path: 'deploy/a.yaml', kind: 'manifest' as const, status: 'analyzed' as const }, { path: 'b', kind: 'other' as const, status: 'skipped' as const, reason: 'binary file' }];

  test.each([0, 1, 2, 3000])('%i findings: the same bytes as one JSON.stringify', (count) => {
    const findings = Array.from({ length: count }, (_, i) => finding(i));
    for (const listed of [files, []]) {
      const whole = JSON.stringify(toJsonReport(findings, listed), null, 2) + '\n';
      const chunks = [...jsonChunks(findings, listed)];
      expect(chunks.join('')).toBe(whole);
      expect(formatJson(findings, listed)).toBe(whole);
      if (count === 3000) expect(chunks.length).toBeGreaterThan(5);
    }
  });
});

describe('parts of a result', () => {
  test('give the same findings however often they are read (duplicates numbered once, context files included)', async () => {
    const files = FILES.map((f): ChangedFile => ({ path: f.path, status: 'added', text: f.text, changedLines: 'all' }));
    const { parts } = await analyzeInParts({ files });
    const first = parts.map((part) => part());
    const second = parts.map((part) => part());
    expect(second).toEqual(first);
    expect(first.flat()).toEqual((await analyze({ files })).findings);
  });
});

describe('the text report in pieces', () => {
  test('takes 200,000 findings (the widths were a spread of every finding: past the call stack)', () => {
    const findings = Array.from({ length: 200_000 }, (_, i): Finding => ({
      rule: 'image-latest-tag', antipattern: 1, severity: 'error', file: `deploy/app-${i % 50}.yaml`, line: i + 1, endLine: i + 1, span: [i + 1, i + 1],
      message: 'Pin a version.', fingerprint: `f${i}`,
    }));
    const text = formatText(findings, [], { colour: false, quiet: true });
    expect(text.split('\n').filter((l) => l.includes('image-latest-tag'))).toHaveLength(200_000);
    expect(text).toContain('  200000  error    image-latest-tag  Pin a version.');
  });

  test('check prints, file by file, the report formatText makes of the whole list', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const f of FILES) files[`shop/${f.path}`] = f.text;
    for (const f of generateManifests(300_000, 100_000)) files[`generated/${f.path}`] = f.text;
    writeFiles(dir, files);
    for (const quiet of [false, true]) {
      const args = ['check', '.', '--no-config', ...(quiet ? ['--quiet'] : [])];
      const run = await runCli(args, dir);
      const review = await reviewPaths(['.'], { noConfig: true }, { cwd: dir, stdout: () => undefined, isTty: false });
      const shown = quiet ? review.findings.filter((f) => f.severity === 'error') : review.findings;
      expect(run.stdout).toBe(formatText(shown, review.files, { colour: false, quiet }));
      expect(run.stdout.split('\n').length).toBeGreaterThan(quiet ? 100 : 1000);
    }
  });
});
