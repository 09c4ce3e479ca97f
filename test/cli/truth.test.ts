/**
 * The CLI tells the truth (issue 11): diff from the merge-base, config from the base, paths from
 * the repository root, byte-order marks, skipped files named, per-command help, options of
 * another command refused, progress only for a terminal, a closed pipe is no crash.
 */
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.js';
import { COMMAND_HELP, HELP } from '../../src/cli/options.js';
import { commitAll, gitIn, gitRepo, runCli, tempDir, writeFiles } from '../helpers/cli.js';
import { COMPLETE, workload } from '../helpers/manifests.js';
import { generateManifests } from '../../bench/generate.js';

const bad = workload('Deployment', [{ name: 'api', image: 'api:latest' }]);
const good = workload('Deployment', [{ name: 'api', body: COMPLETE }]);

interface JsonOut {
  findings: Array<{ rule: string; file: string; line: number }>;
  files: Array<{ path: string; status: string; kind: string; reason?: string }>;
}
const json = (stdout: string) => JSON.parse(stdout) as JsonOut;

/** A feature branch off main that puts latest into api.yaml; then main moves on with its own change. */
function movedOnRepo() {
  const root = gitRepo({ 'k8s/api.yaml': good, 'k8s/legacy.yaml': workload('Pod', [{ image: 'old:latest' }]) });
  gitIn(root, 'checkout', '-q', '-b', 'feature');
  writeFiles(root, { 'k8s/api.yaml': good.replace('registry.example.com/app:1.4.2', 'api:latest') });
  commitAll(root, 'feature');
  gitIn(root, 'checkout', '-q', 'main');
  writeFiles(root, { 'k8s/worker.yaml': workload('Deployment', [{ name: 'worker', image: 'worker:latest' }], { name: 'worker' }), 'k8s/legacy.yaml': workload('Pod', [{ image: 'old:2.0', body: COMPLETE }]) });
  commitAll(root, 'main moves on');
  gitIn(root, 'checkout', '-q', 'feature');
  return root;
}

describe('diff --base REV is what a pull request into REV shows', () => {
  test('the change starts at the merge-base: main\'s later commits are not reported', async () => {
    const root = movedOnRepo();
    const run = await runCli(['diff', '--base', 'main', '--format', 'json'], root);
    const files = new Set(json(run.stdout).findings.map((f) => f.file));
    expect(files).toEqual(new Set(['k8s/api.yaml']));
    expect(json(run.stdout).files.map((f) => f.path)).not.toContain('k8s/worker.yaml');
    expect(run.code).toBe(1);
  });

  test('--two-dot compares the two trees, as before', async () => {
    const root = movedOnRepo();
    const run = await runCli(['diff', '--base', 'main', '--two-dot', '--format', 'json'], root);
    // main's fix of legacy.yaml looks undone by the branch: its old latest tag is reported.
    expect(json(run.stdout).findings.some((f) => f.file === 'k8s/legacy.yaml')).toBe(true);
    expect(json(run.stdout).files).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'k8s/worker.yaml', status: 'skipped' })]));
  });
});

describe('diff reads the config at the base', () => {
  function relaxingRepo() {
    const root = gitRepo({ '.github/k8s-antipatterns.yml': 'fail_on: error\n', 'k8s/api.yaml': good });
    gitIn(root, 'checkout', '-q', '-b', 'feature');
    writeFiles(root, { '.github/k8s-antipatterns.yml': 'fail_on: never\n', 'k8s/api.yaml': bad });
    commitAll(root, 'relax');
    return root;
  }

  test('a change that relaxes the config is still reviewed with the base\'s, and the output says so', async () => {
    const root = relaxingRepo();
    const base = gitIn(root, 'rev-parse', 'main').trim();
    const run = await runCli(['diff', '--base', 'main'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Config: .github/k8s-antipatterns.yml at the merge-base ${base.slice(0, 12)}; this change edits it, and the edit applies once it is merged.`);
  });

  test('--config uses the named file of the work tree explicitly; --no-config the defaults', async () => {
    const root = relaxingRepo();
    const explicit = await runCli(['diff', '--base', 'main', '--config', '.github/k8s-antipatterns.yml'], root);
    expect(explicit.code).toBe(0);
    expect(explicit.stdout).toContain('Config: .github/k8s-antipatterns.yml.');
    const none = await runCli(['diff', '--base', 'main', '--no-config'], root);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('Config: default settings (--no-config).');
  });

  test('a broken config at the base is exit 2 naming the revision and the line', async () => {
    const root = gitRepo({ '.github/k8s-antipatterns.yml': 'rules:\n  image-latest: off\n', 'k8s/api.yaml': good });
    writeFiles(root, { 'k8s/api.yaml': bad });
    commitAll(root, 'change');
    const run = await runCli(['diff', '--base', 'HEAD~1'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^k8s-antipatterns: invalid config \.github\/k8s-antipatterns\.yml \(at [0-9a-f]{12}\):2: rules\.image-latest: unknown rule id \(did you mean "image-latest-tag"\?\)/);
  });
});

describe('paths are relative to the repository root inside git', () => {
  function nested() {
    return gitRepo({
      'deploy/k8s/api.yaml': bad, 'deploy/README.md': '# deploy\n', 'k8s/root.yaml': bad,
      '.github/k8s-antipatterns.yml': 'ignore_paths: ["deploy/k8s/ignored/**"]\n', 'deploy/k8s/ignored/x.yaml': bad,
    });
  }

  test.each([
    ['from the root, with the folder', ['deploy'], ''],
    ['from the folder itself', [], 'deploy'],
    ['from a subfolder, with a relative path', ['k8s'], 'deploy'],
    ['from elsewhere, with an absolute path', ['<abs>/deploy/k8s'], '<tmp>'],
  ])('%s', async (_name, args, cwd) => {
    const root = nested();
    const where = cwd === '<tmp>' ? tempDir() : join(root, cwd);
    const run = await runCli(['check', '--format', 'json', ...args.map((a) => a.replace('<abs>', root))], where);
    const paths = json(run.stdout).files.map((f) => f.path);
    expect(paths).toContain('deploy/k8s/api.yaml');
    expect(paths.every((p) => p.startsWith('deploy/'))).toBe(true);
    // ignore_paths of the repository's config match the repository's paths.
    expect(json(run.stdout).files.find((f) => f.path === 'deploy/k8s/ignored/x.yaml')).toMatchObject({ status: 'skipped', reason: 'matches ignore_paths' });
  });

  test('SARIF names %SRCROOT% and where it is', async () => {
    const root = nested();
    const run = await runCli(['check', '--format', 'sarif', 'k8s'], join(root, 'deploy'));
    const sarif = JSON.parse(run.stdout);
    expect(sarif.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(root).href + '/' } });
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'deploy/k8s/api.yaml', uriBaseId: '%SRCROOT%' });
    expect(sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'image-latest-tag').helpUri).toMatch(/\/docs\/rules\/image-latest-tag\.md$/);
  });

  test('a folder is not "the repository root" in messages', async () => {
    const root = gitRepo({ 'README.md': '# x\n' });
    writeFiles(root, { 'app/deploy.yaml': good });
    const run = await runCli(['check', '--format', 'json', '.'], join(root, 'app'));
    const findings = json(run.stdout).findings as Array<{ rule: string; file: string; message?: string }>;
    const raw = (JSON.parse(run.stdout).findings as Array<{ rule: string; message: string }>).find((f) => f.rule === 'raw-manifests-not-packaged');
    expect(findings.every((f) => f.file.startsWith('app/'))).toBe(true);
    expect(raw?.message).toContain('app/');
    expect(raw?.message).not.toContain('repository root');
  });

  test('outside git, paths are relative to the current folder', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'sub/k8s/api.yaml': bad });
    const run = await runCli(['check', '--format', 'json', 'sub/k8s'], dir);
    expect(json(run.stdout).files.map((f) => f.path)).toEqual(['sub/k8s/api.yaml']);
  });
});

describe('what is read', () => {
  test('a manifest starting with a UTF-8 byte-order mark is reviewed (check and diff)', async () => {
    const root = gitRepo({ 'README.md': '# x\n' });
    writeFileSync(join(root, 'api.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bad)]));
    const check = await runCli(['check', '--format', 'json'], root);
    expect(json(check.stdout).files.find((f) => f.path === 'api.yaml')).toMatchObject({ kind: 'manifest', status: 'analyzed' });
    expect(json(check.stdout).findings.some((f) => f.rule === 'image-latest-tag' && f.line === 10)).toBe(true);
    commitAll(root, 'bom');
    const diff = await runCli(['diff', '--base', 'HEAD~1', '--format', 'json'], root);
    expect(json(diff.stdout).findings.some((f) => f.rule === 'image-latest-tag')).toBe(true);
  });

  test('a file over the size limit is named with why, and the summary counts it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'big.yaml': `# ${'x'.repeat(1024 * 1024)}\n`, 'notes.txt': 'hello\n' });
    const run = await runCli(['check'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Files skipped or not readable:\n  big.yaml: larger than 1 MiB\n');
    expect(run.stdout).toContain('No anti-patterns found in 1 file reviewed; 1 file skipped or not readable (listed above).');
  });
});

describe('command line', () => {
  test.each(['check', 'diff', 'rules', 'explain'])('%s --help prints its own help', async (command) => {
    const run = await runCli([command, '--help'], tempDir());
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${COMMAND_HELP[command as keyof typeof COMMAND_HELP]}\n`);
    expect(run.stdout).toContain(`Usage: k8s-antipatterns ${command}`);
    expect((await runCli(['help', command], tempDir())).stdout).toBe(run.stdout);
  });

  test('the global help lists the commands and points at their own help', async () => {
    expect((await runCli(['--help'], tempDir())).stdout).toBe(`${HELP}\n`);
    expect(HELP).toContain('Run "k8s-antipatterns <command> --help"');
  });

  test.each([
    [['check', '--base', 'main'], '--base is an option of diff, not of check (see "k8s-antipatterns check --help")'],
    [['check', '--two-dot'], '--two-dot is an option of diff, not of check'],
    [['rules', '--quiet'], '--quiet is an option of check and diff, not of rules'],
    [['check', '--config', 'a.yml', '--no-config'], '--config and --no-config exclude each other'],
  ])('%p is refused: %s', async (args, message) => {
    const run = await runCli(args, tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('progress goes to stderr only when the caller has a terminal, and ends with a cleared line', async () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k8s/f${i}.yaml`, good])));
    const lines: string[] = [];
    let stdout = '';
    const code = await main(['check'], { cwd: dir, stdout: (s) => { stdout += s; }, isTty: false, progress: (s) => lines.push(s) }, () => undefined);
    expect(code).toBe(0);
    expect(lines).toContain('\r\u001b[Kk8s-antipatterns: reading files… 100');
    expect(lines).toContain('\r\u001b[Kk8s-antipatterns: reviewing 150 files…');
    expect(lines.at(-1)).toBe('\r\u001b[K');
    expect(stdout).not.toContain('\r');
    // Without a terminal (no progress writer) nothing but the report is written.
    const quiet = await runCli(['check'], dir);
    expect(quiet.stderr).toBe('');
  });
});

describe('the built binary (dist/, built by npm ci)', () => {
  const BIN = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

  test('a reader that leaves early (| head -1) is no crash: no stack trace, no error', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'k8s'));
    writeFiles(dir, { 'k8s/api.yaml': bad });
    const child = spawn(process.execPath, [BIN, 'check', '--format', 'sarif'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    // Read the first chunk, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1); // the review's own exit code: image-latest-tag is an error
  });

  /** A repository whose JSON report runs to megabytes: many pieces, so the writer meets a full pipe. */
  function largeRepository(): string {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const f of generateManifests(600_000, 150_000)) files[`generated/${f.path}`] = f.text;
    writeFiles(dir, files);
    return dir;
  }

  test('a long JSON report waits for a slow reader and arrives whole', async () => {
    const dir = largeRepository();
    const child = spawn(process.execPath, [BIN, 'check', '--no-config', '--format', 'json', '--threads', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const chunks: Buffer[] = [];
    // Read a piece, then nothing for a while: the pipe fills and the writer must wait.
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 10);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const piped = Buffer.concat(chunks).toString('utf8');
    const report = JSON.parse(piped) as { findings: unknown[] };
    expect(report.findings.length).toBeGreaterThan(1000);
    // The same report written to a file, where every write goes out at once.
    const file = join(tempDir(), 'report.json');
    const out = openSync(file, 'w');
    spawnSync(process.execPath, [BIN, 'check', '--no-config', '--format', 'json', '--threads', '1'], { cwd: dir, stdio: ['ignore', out, 'ignore'] });
    closeSync(out);
    expect(piped).toBe(readFileSync(file, 'utf8'));
  });

  test('a reader that leaves early from a long JSON report is no crash and no hang', async () => {
    const dir = largeRepository();
    const child = spawn(process.execPath, [BIN, 'check', '--no-config', '--format', 'json', '--threads', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    await new Promise<void>((resolve) => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});
