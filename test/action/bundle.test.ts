/**
 * The committed Action as GitHub runs it: action.yml and dist-action/ copied to a folder with no
 * node_modules, the entry run with node and the environment the runner gives (event payload,
 * workspace, summary and output files, INPUT_* variables, the API URL of a local stand-in).
 * dist-action/ must be current: `npm run bundle:check` (CI) compares it with a fresh bundle.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { commitAll, gitIn, gitRepo, tempDir, writeFiles } from '../helpers/cli.js';
import { COMPLETE, workload } from '../helpers/manifests.js';
import { readOutputs, startApi, type ApiStandIn } from './helpers/github-api.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runNode(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { env, cwd: env.GITHUB_WORKSPACE }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let api: ApiStandIn;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

describe('the bundled Action (dist-action/)', () => {
  test('action.yml runs dist-action/index.js on node24 with its inputs and outputs', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({ using: 'node24', main: 'dist-action/index.js' });
    expect(Object.keys(action.inputs)).toEqual(['fail-on', 'config', 'sarif', 'reporter', 'working-directory', 'github-token']);
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
    expect(Object.keys(action.outputs)).toEqual(['errors', 'warnings', 'hints', 'sarif']);
    for (const asset of ['index.js', 'package.json', 'tree-sitter.wasm', 'tree-sitter-bash.wasm', 'main.wasm.gz']) expect(existsSync(join(ROOT, 'dist-action', asset))).toBe(true);
  });

  test('runs from a copy with no node_modules: shell, Terraform and manifests reviewed, check run published, outputs written', async () => {
    const copy = tempDir();
    cpSync(join(ROOT, 'action.yml'), join(copy, 'action.yml'));
    cpSync(join(ROOT, 'dist-action'), join(copy, 'dist-action'), { recursive: true });
    expect(existsSync(join(copy, 'node_modules'))).toBe(false);

    const repo = gitRepo({
      'k8s/api.yaml': workload('Deployment', [{ name: 'api', body: COMPLETE }]),
      'deploy.sh': '#!/bin/sh\nhelm upgrade --install api ./chart --wait\n',
      'infra/main.tf': 'resource "aws_eks_cluster" "main" {}\n',
    });
    const base = gitIn(repo, 'rev-parse', 'HEAD').trim();
    writeFiles(repo, {
      'k8s/api.yaml': workload('Deployment', [{ name: 'api', image: 'api:latest', body: COMPLETE }]),
      'deploy.sh': '#!/bin/sh\nhelm upgrade --install api ./chart --wait\nkubectl scale deployment api --replicas=3\n',
      'infra/main.tf': 'resource "aws_eks_cluster" "main" {}\nresource "helm_release" "api" {}\n',
    });
    commitAll(repo, 'change');
    const head = gitIn(repo, 'rev-parse', 'HEAD').trim();
    const runner = tempDir();
    const files = { event: join(runner, 'event.json'), summary: join(runner, 'summary.md'), output: join(runner, 'output') };
    writeFileSync(files.event, JSON.stringify({ action: 'opened', pull_request: { base: { sha: base, ref: 'main' }, head: { sha: head } } }));
    writeFileSync(files.summary, '');
    writeFileSync(files.output, '');
    const env = {
      PATH: process.env.PATH ?? '', HOME: runner, GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: repo, GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: head,
      GITHUB_API_URL: api.url, 'INPUT_GITHUB-TOKEN': 'tkn', INPUT_REPORTER: 'check-run', INPUT_SARIF: 'k8s.sarif', 'INPUT_WORKING-DIRECTORY': '.',
    };
    const run = await runNode(join(copy, 'dist-action', 'index.js'), env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const outputs = readOutputs(readFileSync(files.output, 'utf8'));
    expect(outputs).toMatchObject({ errors: '1', sarif: join(repo, 'k8s.sarif') });
    const annotations = api.requests.flatMap((r) => r.body.output?.annotations ?? []);
    const rules = new Set(annotations.map((a) => a.message.replace(/^[\s\S]*docs\/rules\/([a-z-]+)\.md$/, '$1')));
    // Manifests (yaml), the shell parser (tree-sitter wasm) and Terraform (hcl2json wasm) all ran from the copy.
    expect([...rules]).toEqual(expect.arrayContaining(['image-latest-tag', 'imperative-kubectl', 'terraform-deploys-apps']));
    expect(annotations).toHaveLength(Number(outputs.errors) + Number(outputs.warnings) + Number(outputs.hints));
    expect(readFileSync(files.summary, 'utf8')).toContain('## Kubernetes anti-patterns');
    expect(JSON.parse(readFileSync(join(repo, 'k8s.sarif'), 'utf8')).runs[0].tool.driver.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
