/** The Action end to end on a temporary repository and a written pull_request payload. */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAction } from '../../src/action/main.js';
import { commitAll, gitIn, gitRepo, tempDir, writeFiles } from '../helpers/cli.js';
import { COMPLETE, workload } from '../helpers/manifests.js';

function pullRequestRepo() {
  const root = gitRepo({ 'k8s/api.yaml': workload('Deployment', [{ name: 'api', body: COMPLETE }]), 'k8s/legacy.yaml': workload('Pod', [{ image: 'old:latest' }]) });
  const base = gitIn(root, 'rev-parse', 'HEAD').trim();
  writeFiles(root, { 'k8s/api.yaml': workload('Deployment', [{ name: 'api', image: 'api:latest', body: COMPLETE }]) });
  commitAll(root, 'use latest');
  const head = gitIn(root, 'rev-parse', 'HEAD').trim();
  const eventPath = join(tempDir(), 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', pull_request: { base: { sha: base }, head: { sha: head } } }));
  return { root, eventPath, head };
}

describe('GitHub Action', () => {
  test('annotates only the changed lines, writes a job summary and SARIF, fails on errors', async () => {
    const { root, eventPath, head } = pullRequestRepo();
    const summary = join(tempDir(), 'summary.md');
    let out = '';
    const code = await runAction({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: eventPath, GITHUB_SHA: head, GITHUB_STEP_SUMMARY: summary, INPUT_SARIF: 'results.sarif' }, (s) => { out += s; });
    expect(code).toBe(1);
    expect(out).toMatch(/^::error file=k8s\/api.yaml,line=10,/m);
    expect(out).not.toContain('legacy.yaml');
    expect(readFileSync(summary, 'utf8')).toMatch(/\| error \| `k8s\/api.yaml:10` \| `image-latest-tag` \|/);
    expect(existsSync(join(root, 'results.sarif'))).toBe(true);
  });

  test('fail-on never passes; a missing base revision says how to fix the checkout', async () => {
    const { root, eventPath, head } = pullRequestRepo();
    expect(await runAction({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: eventPath, GITHUB_SHA: head, 'INPUT_FAIL-ON': 'never' }, () => undefined)).toBe(0);
    const badEvent = join(tempDir(), 'event.json');
    writeFileSync(badEvent, JSON.stringify({ pull_request: { base: { sha: 'f'.repeat(40) }, head: { sha: head } } }));
    let out = '';
    expect(await runAction({ GITHUB_WORKSPACE: root, GITHUB_EVENT_PATH: badEvent, GITHUB_SHA: head }, (s) => { out += s; })).toBe(2);
    expect(out).toContain('fetch-depth: 0');
  });
});
