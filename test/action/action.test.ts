/**
 * The Action end to end on temporary repositories and written event payloads: merge-base,
 * trusted config, check run through a local API stand-in, fallbacks, missing revisions.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAction, type ActionEnv } from '../../src/action/main.js';
import { commitAll, gitIn, gitRepo, tempDir, writeFiles } from '../helpers/cli.js';
import { COMPLETE, workload } from '../helpers/manifests.js';
import { readOutputs, startApi, type ApiStandIn } from './helpers/github-api.js';

const sha = (root: string, rev = 'HEAD') => gitIn(root, 'rev-parse', rev).trim();

function eventFile(payload: unknown): string {
  const path = join(tempDir(), 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

function pullRequestEvent(base: string, head: string): string {
  return eventFile({ action: 'synchronize', pull_request: { base: { sha: base, ref: 'main', repo: { full_name: 'o/r' } }, head: { sha: head, repo: { full_name: 'o/r' } } } });
}

/** main: api.yaml fine, legacy.yaml with a latest tag; the branch puts latest into api.yaml. */
function pullRequestRepo() {
  const root = gitRepo({ 'k8s/api.yaml': workload('Deployment', [{ name: 'api', body: COMPLETE }]), 'k8s/legacy.yaml': workload('Pod', [{ image: 'old:latest' }]) });
  const base = sha(root);
  gitIn(root, 'checkout', '-q', '-b', 'feature');
  writeFiles(root, { 'k8s/api.yaml': workload('Deployment', [{ name: 'api', image: 'api:latest', body: COMPLETE }]) });
  commitAll(root, 'use latest');
  return { root, base, head: sha(root), eventPath: pullRequestEvent(base, sha(root)) };
}

interface Run {
  code: number;
  out: string;
  summary: string;
  outputs: Record<string, string>;
}

async function run(env: ActionEnv): Promise<Run> {
  const dir = tempDir();
  const summaryPath = join(dir, 'summary.md');
  const outputPath = join(dir, 'output');
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  let out = '';
  const code = await runAction({ GITHUB_STEP_SUMMARY: summaryPath, GITHUB_OUTPUT: outputPath, ...env }, (s) => { out += s; });
  return { code, out, summary: readFileSync(summaryPath, 'utf8'), outputs: readOutputs(readFileSync(outputPath, 'utf8')) };
}

let api: ApiStandIn | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('GitHub Action', () => {
  test('workflow commands: annotates only the changed lines, writes a job summary, outputs and SARIF, fails on errors', async () => {
    const { root, eventPath, head } = pullRequestRepo();
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: eventPath, GITHUB_SHA: head, INPUT_SARIF: 'results.sarif', INPUT_REPORTER: 'workflow-commands' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    expect(r.out).not.toContain('legacy.yaml');
    expect(r.summary).toMatch(/\| error \| `k8s\/api.yaml:10` \| \[`image-latest-tag`\]\(https:\/\/github.com\/.*\/docs\/rules\/image-latest-tag.md\) \|/);
    expect(r.summary).toContain('GitHub shows 10 of each kind per step');
    expect(r.outputs).toMatchObject({ errors: '1', sarif: join(root, 'results.sarif') });
    expect(Number(r.outputs.warnings) + Number(r.outputs.hints)).toBeGreaterThanOrEqual(0);
    const sarif = JSON.parse(readFileSync(join(root, 'results.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'k8s/api.yaml', uriBaseId: '%SRCROOT%' });
  });

  test('merge-base: commits that landed on main after the branch are not the pull request\'s', async () => {
    const { root, base, head } = pullRequestRepo();
    // main moves on: a new file with a latest tag, and legacy.yaml fixed.
    gitIn(root, 'checkout', '-q', 'main');
    writeFiles(root, { 'k8s/worker.yaml': workload('Deployment', [{ name: 'worker', image: 'worker:latest' }], { name: 'worker' }), 'k8s/legacy.yaml': workload('Pod', [{ image: 'old:2.0', body: COMPLETE }]) });
    commitAll(root, 'main moves on');
    const mainTip = sha(root);
    gitIn(root, 'checkout', '-q', 'feature');
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent(mainTip, head), INPUT_REPORTER: 'workflow-commands' });
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    // A two-tree diff would show worker.yaml as removed and legacy.yaml's old latest tag as this change's.
    expect(r.out).not.toMatch(/worker\.yaml|legacy\.yaml/);
    expect(r.summary).toContain(`from \`${base.slice(0, 12)}\``);
    expect(r.code).toBe(1);
  });

  test('trusted config: a pull request that adds fail_on: never still fails; the summary says which config was used', async () => {
    const { root, base } = pullRequestRepo();
    writeFiles(root, { '.github/k8s-antipatterns.yml': 'fail_on: never\nrules:\n  image-latest-tag: off\n' });
    commitAll(root, 'relax my own review');
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent(base, sha(root)), INPUT_REPORTER: 'workflow-commands' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('image-latest-tag');
    expect(r.summary).toContain(`Config: default settings (no .github/k8s-antipatterns.yml at the merge-base ${base.slice(0, 12)}); this change adds it, and the edit applies once it is merged.`);
  });

  test('the config at the merge-base applies, and an edit to it in the change is named', async () => {
    const root = gitRepo({ '.github/k8s-antipatterns.yml': 'fail_on: never\n', 'k8s/api.yaml': workload('Deployment', [{ name: 'api', body: COMPLETE }]) });
    const base = sha(root);
    writeFiles(root, { '.github/k8s-antipatterns.yml': 'fail_on: hint\n', 'k8s/api.yaml': workload('Deployment', [{ name: 'api', image: 'api:latest', body: COMPLETE }]) });
    commitAll(root, 'change');
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent(base, sha(root)), INPUT_REPORTER: 'workflow-commands' });
    expect(r.code).toBe(0);
    expect(r.summary).toContain(`Config: .github/k8s-antipatterns.yml at the merge-base ${base.slice(0, 12)}; this change edits it, and the edit applies once it is merged.`);
  });

  test('check run: every annotation, 50 per request, through the REST API; the log has no workflow commands', async () => {
    api = await startApi();
    const pods = Array.from({ length: 14 }, (_, i) => workload('Pod', [{ name: `c${i}`, image: `img${i}:latest` }], { name: `p${i}` })).join('---\n');
    const root = gitRepo({ 'README.md': '# x\n' });
    const base = sha(root);
    writeFiles(root, { 'k8s/pods.yaml': pods });
    commitAll(root, 'pods');
    const head = sha(root);
    const r = await run({
      GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent(base, head), GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: api.url, 'INPUT_GITHUB-TOKEN': 'tkn',
    });
    expect(r.code).toBe(1);
    const total = Number(r.outputs.errors) + Number(r.outputs.warnings) + Number(r.outputs.hints);
    expect(total).toBeGreaterThan(100);
    const [create, ...updates] = api.requests;
    expect(create).toMatchObject({ method: 'POST', path: '/repos/o/r/check-runs', authorization: 'Bearer tkn', body: { name: 'Kubernetes anti-patterns', head_sha: head, status: 'in_progress' } });
    expect(updates.every((u) => u.method === 'PATCH' && u.path === '/repos/o/r/check-runs/77')).toBe(true);
    expect(api.requests).toHaveLength(Math.ceil(total / 50));
    expect(api.requests.every((q) => (q.body.output?.annotations?.length ?? 0) <= 50)).toBe(true);
    expect(api.requests.flatMap((q) => q.body.output?.annotations ?? [])).toHaveLength(total);
    expect(updates.at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(create!.body.output!.annotations![0]!.message).toMatch(/docs\/rules\/[a-z-]+\.md$/);
    expect(r.out).not.toMatch(/^::(error|warning|notice) /m);
    expect(r.summary).toContain('Every finding is an annotation of the check run **Kubernetes anti-patterns** ([open it](https://github.example/checks/77))');
  });

  test('a read-only token (a fork\'s pull request) falls back to workflow commands and says so', async () => {
    api = await startApi({ refuse: true });
    const { root, eventPath } = pullRequestRepo();
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: api.url, 'INPUT_GITHUB-TOKEN': 'read-only' });
    expect(api.requests).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    expect(r.summary).toContain('this job\'s token may not write checks');
  });

  test('working-directory: the repository in a subfolder of the workspace, paths from its root', async () => {
    const { root, eventPath } = pullRequestRepo();
    const workspace = join(root, '..');
    const folder = root.slice(workspace.length + 1);
    const r = await run({ GITHUB_WORKSPACE: workspace, GITHUB_EVENT_PATH: eventPath, INPUT_REPORTER: 'workflow-commands', 'INPUT_WORKING-DIRECTORY': folder, 'INPUT_FAIL-ON': 'never' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
  });

  test('bad inputs are exit 2 with one error', async () => {
    const { root, eventPath } = pullRequestRepo();
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: eventPath, INPUT_REPORTER: 'comments' });
    expect(r.code).toBe(2);
    expect(r.out).toBe('::error title=k8s-antipatterns::input reporter must be one of check-run, workflow-commands (got "comments")\n');
  });
});

describe('missing revisions', () => {
  /** An origin where main moved on after the feature branch, and a shallow clone of the branch. */
  function shallowCheckout() {
    const origin = gitRepo({ 'k8s/api.yaml': workload('Deployment', [{ name: 'api', body: COMPLETE }]), 'k8s/legacy.yaml': workload('Pod', [{ image: 'old:latest' }]) });
    gitIn(origin, 'checkout', '-q', '-b', 'feature');
    writeFiles(origin, { 'k8s/api.yaml': workload('Deployment', [{ name: 'api', image: 'api:latest', body: COMPLETE }]) });
    commitAll(origin, 'use latest');
    const head = sha(origin);
    gitIn(origin, 'checkout', '-q', 'main');
    writeFiles(origin, { 'k8s/worker.yaml': workload('Deployment', [{ name: 'worker', image: 'worker:latest' }], { name: 'worker' }) });
    commitAll(origin, 'main moves on');
    const base = sha(origin);
    const clone = join(tempDir(), 'checkout');
    // What actions/checkout does by default: one commit, no history.
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, clone], { stdio: 'ignore' });
    return { origin, clone, base, head };
  }

  test('a shallow checkout: the base and the history to the merge-base are fetched from origin', async () => {
    const { clone, base, head } = shallowCheckout();
    const r = await run({ GITHUB_WORKSPACE: clone, GITHUB_EVENT_PATH: pullRequestEvent(base, head), INPUT_REPORTER: 'workflow-commands' });
    expect(r.out).toContain('git fetch --no-tags --depth=64 origin');
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    expect(r.out).not.toContain('worker.yaml');
    expect(r.code).toBe(1);
  });

  test('after a force-push the previous head is gone: reviewed from the default branch, not exit 2', async () => {
    const { clone, head } = shallowCheckout();
    const r = await run({ GITHUB_WORKSPACE: clone, GITHUB_EVENT_PATH: eventFile({ before: 'f'.repeat(40), after: head, forced: true }), INPUT_REPORTER: 'workflow-commands' });
    expect(r.summary).toContain(`The base commit \`${'f'.repeat(12)}\` is not in the repository any more (a force-push replaced it)`);
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    expect(r.code).toBe(1);
  });

  test('without origin, a missing base falls back on the local default branch', async () => {
    const { root, head } = pullRequestRepo();
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent('f'.repeat(40), head), INPUT_REPORTER: 'workflow-commands' });
    expect(r.summary).toContain('(its branch was rewritten), so the change was reviewed from where it leaves the default branch.');
    expect(r.out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    expect(r.code).toBe(1);
  });

  test('a head that is not in the checkout says exactly what to change, and no wrong fetch-depth hint', async () => {
    const { root, base } = pullRequestRepo();
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent(base, 'e'.repeat(40)), INPUT_REPORTER: 'workflow-commands' });
    expect(r.code).toBe(2);
    expect(r.out).toBe(`::error title=k8s-antipatterns::the commit under review ${'e'.repeat(40)} is not in the checkout: run actions/checkout before this step (on a pull_request event it checks out this pull request).\n`);
  });

  test('unrelated histories in a full clone are no fetch-depth problem', async () => {
    const { root, head } = pullRequestRepo();
    gitIn(root, 'checkout', '-q', '--orphan', 'other');
    commitAll(root, 'unrelated');
    const r = await run({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: pullRequestEvent(sha(root), head), INPUT_REPORTER: 'workflow-commands' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('share no history: the branches are unrelated');
    expect(existsSync(root)).toBe(true);
  });
});
