/**
 * Context the App reads beside a change, for cross-file rules: the kustomizations of the whole tree
 * and their patch files when the change touches kustomize, the other workflows of a changed one.
 */
import { describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/core';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { collectChange } from '../../src/github/collect-change.js';
import { MAX_KUSTOMIZATIONS, kustomizationsIn, patchFilesOf } from '../../src/github/kustomize-context.js';
import { analyze } from '../../src/engine/analyze.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { RULES } from '../../src/engine/registry.js';
import { context } from '../helpers/change.js';
import { deployment } from './helpers/manifests.js';

const repo = { owner: 'octo-org', repo: 'deploy-configs' };
const options = { everyTextFile: false, ignored: () => false };
const TREES = /^\/repos\/octo-org\/deploy-configs\/git\/trees\/([0-9a-f]+)$/;

/**
 * The stand-in, plus GitHub's recursive tree listing (`git/trees/<sha>?recursive=1`), which the
 * stand-in does not serve. Every request is recorded in `fake.requests`.
 */
function octokit(fake: FakeGitHub): Octokit {
  const fetch = async (url: string | URL, init?: { method?: string; body?: unknown }): Promise<Response> => {
    const { pathname, search } = new URL(String(url));
    const method = init?.method ?? 'GET';
    const trees = method === 'GET' ? TREES.exec(pathname) : null;
    let reply: { status: number; body: unknown; headers?: Record<string, string> };
    if (trees) {
      fake.requests.push(`GET ${pathname}`);
      const commit = fake.commits.get(trees[1]!);
      expect(new URLSearchParams(search).get('recursive')).toBe('1');
      reply = commit
        ? { status: 200, body: { sha: trees[1], truncated: false, tree: Object.keys(commit).sort().map((path) => ({ path, mode: '100644', type: 'blob', sha: '0'.repeat(40) })) } }
        : { status: 404, body: { message: 'Not Found' } };
    } else {
      reply = fake.handle(method, pathname + search, typeof init?.body === 'string' && init.body !== '' ? JSON.parse(init.body) : null);
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status, headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers } });
  };
  return new Octokit({ request: { fetch } });
}

async function collect(fake: FakeGitHub, number: number) {
  const pull = fake.pull(number);
  return collectChange(octokit(fake), repo, { number, headSha: pull.headSha, baseSha: pull.baseSha, changedFiles: pull.files.length }, options);
}

const names = (files: ReadonlyArray<{ path: string; status: string }>): string[][] => files.map((f) => [f.path, f.status]);

const BASE = deployment('api', 'registry.example.com/api:1.4.2');
const JSON_PATCH = '- op: add\n  path: /spec/template/spec/containers/0/resources\n  value:\n    requests: { cpu: 100m, memory: 256Mi }\n    limits: { cpu: "1", memory: 512Mi }\n';
const PROBES = [
  'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', '        - name: api',
  '          livenessProbe:', '            httpGet: { path: /healthz, port: 8080 }', '          readinessProbe:', '            httpGet: { path: /ready, port: 8080 }', '',
].join('\n');

/** A base with two overlays; prod patches resources (JSON 6902) and probes (a fragment in a subfolder). */
const KUSTOMIZE = {
  'k8s/base/deployment.yaml': BASE,
  'k8s/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'k8s/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: resources.yaml\n    target: { kind: Deployment, name: api }\n  - path: patches/probes.yaml\n',
  'k8s/overlays/prod/resources.yaml': JSON_PATCH,
  'k8s/overlays/prod/patches/probes.yaml': PROBES,
  'k8s/overlays/dev/kustomization.yaml': 'resources: [../../base]\n',
  'docs/guide.md': '# guide\n',
};

const RESOURCE_RULES = RULES.filter((r) => ['missing-memory-limit', 'missing-cpu-request', 'missing-liveness-probe', 'missing-readiness-probe'].includes(r.id));

describe('kustomize context', () => {
  test('an edit to a base brings every kustomization of the tree and the patch files they name', async () => {
    const fake = new FakeGitHub();
    const pull = fake.addPull({ number: 1, base: KUSTOMIZE, head: { ...KUSTOMIZE, 'k8s/base/deployment.yaml': BASE.replace('1.4.2', '1.4.3') } });
    const collected = await collect(fake, 1);

    expect(names(collected.change.files)).toEqual([
      ['k8s/base/deployment.yaml', 'modified'],
      ['k8s/base/kustomization.yaml', 'unchanged'],
      ['k8s/overlays/dev/kustomization.yaml', 'unchanged'],
      ['k8s/overlays/prod/kustomization.yaml', 'unchanged'],
      ['k8s/overlays/prod/resources.yaml', 'unchanged'],
      ['k8s/overlays/prod/patches/probes.yaml', 'unchanged'],
    ]);
    expect(collected.treePaths).toEqual(expect.arrayContaining(Object.keys(KUSTOMIZE)));
    // Files; contents with listings; the tree; neighbours with kustomizations in one batch; the patches.
    expect(fake.requests).toEqual([
      'GET /repos/octo-org/deploy-configs/pulls/1/files', 'POST /graphql',
      `GET /repos/octo-org/deploy-configs/git/trees/${pull.headSha}`, 'POST /graphql', 'POST /graphql',
    ]);

    // With the App's context, the overlay's patches clear the base, even with no rule reading every text file.
    const result = await analyze(collected.change, DEFAULT_CONFIG, { rules: RESOURCE_RULES, treePaths: collected.treePaths });
    expect(result.findings).toEqual([]);
    // Without the overlay the same base is flagged: the context is what makes the difference.
    const alone = await analyze({ files: collected.change.files.slice(0, 2) }, DEFAULT_CONFIG, { rules: RESOURCE_RULES });
    expect(alone.findings.map((f) => f.rule).sort()).toEqual(RESOURCE_RULES.map((r) => r.id).sort());
  });

  test('an edit to an overlay kustomization brings the other kustomizations and its patches', async () => {
    const fake = new FakeGitHub();
    const overlay = 'k8s/overlays/prod/kustomization.yaml';
    fake.addPull({ number: 1, base: KUSTOMIZE, head: { ...KUSTOMIZE, [overlay]: `${KUSTOMIZE[overlay]}namespace: prod\n` } });
    const collected = await collect(fake, 1);
    expect(names(collected.change.files)).toEqual([
      [overlay, 'modified'],
      // The patch beside it is a neighbour; the one in a subfolder comes with the patches round.
      ['k8s/overlays/prod/resources.yaml', 'unchanged'],
      ['k8s/base/kustomization.yaml', 'unchanged'],
      ['k8s/overlays/dev/kustomization.yaml', 'unchanged'],
      ['k8s/overlays/prod/patches/probes.yaml', 'unchanged'],
    ]);
    expect(fake.requests.filter((r) => r === 'POST /graphql')).toHaveLength(3);
  });

  test('no patches to read beyond the neighbours: no extra round', async () => {
    const fake = new FakeGitHub();
    const tree = { ...KUSTOMIZE, 'k8s/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: resources.yaml\n    target: { kind: Deployment }\n' };
    fake.addPull({ number: 1, base: tree, head: { ...tree, 'k8s/overlays/prod/resources.yaml': JSON_PATCH.replace('100m', '200m') } });
    const collected = await collect(fake, 1);
    expect(names(collected.change.files)).toEqual([
      ['k8s/overlays/prod/resources.yaml', 'modified'],
      ['k8s/overlays/prod/kustomization.yaml', 'unchanged'],
      ['k8s/base/kustomization.yaml', 'unchanged'],
      ['k8s/overlays/dev/kustomization.yaml', 'unchanged'],
    ]);
    expect(fake.requests.filter((r) => r === 'POST /graphql')).toHaveLength(2);
  });

  test('manifests with no kustomization above them: no tree request, no kustomizations', async () => {
    const fake = new FakeGitHub();
    const tree = { ...KUSTOMIZE, 'apps/web/deployment.yaml': deployment('web', 'nginx:1.27.2'), 'apps/web/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n' };
    fake.addPull({ number: 1, base: tree, head: { ...tree, 'apps/web/deployment.yaml': deployment('web', 'nginx:1.27.3') } });
    const collected = await collect(fake, 1);
    expect(names(collected.change.files)).toEqual([['apps/web/deployment.yaml', 'modified'], ['apps/web/service.yaml', 'unchanged']]);
    expect(fake.requests).toEqual(['GET /repos/octo-org/deploy-configs/pulls/1/files', 'POST /graphql', 'POST /graphql']);
  });

  test('many kustomizations: the ones nearest the change are read first', () => {
    const paths = Array.from({ length: MAX_KUSTOMIZATIONS + 20 }, (_, i) => `apps/a${String(i).padStart(3, '0')}/kustomization.yaml`);
    paths.push('team/api/overlays/prod/kustomization.yaml', 'team/api/base/kustomization.yaml', 'team/api/base/deployment.yaml');
    const chosen = kustomizationsIn({ paths, truncated: false }, ['team/api/base/deployment.yaml']);
    expect(chosen).toHaveLength(MAX_KUSTOMIZATIONS);
    expect(chosen.slice(0, 2)).toEqual(['team/api/base/kustomization.yaml', 'team/api/overlays/prod/kustomization.yaml']);
    expect(kustomizationsIn({ paths: paths.slice(-3), truncated: false }, [])).toEqual(['team/api/overlays/prod/kustomization.yaml', 'team/api/base/kustomization.yaml']);
  });

  test('patch files: only those at head and not read yet, unless the tree listing was cut short', () => {
    const overlay = context('k8s/overlays/prod/kustomization.yaml', 'patches:\n  - path: a.yaml\n  - path: ../../gone.yaml\n  - path: ../../../../outside.yaml\npatchesStrategicMerge: [b.yaml]\n');
    const paths = ['k8s/overlays/prod/a.yaml', 'k8s/overlays/prod/b.yaml'];
    expect(patchFilesOf([overlay], { paths, truncated: false }, new Set(['k8s/overlays/prod/b.yaml']))).toEqual(['k8s/overlays/prod/a.yaml']);
    expect(patchFilesOf([overlay], { paths: [], truncated: true }, new Set())).toEqual(['k8s/overlays/prod/b.yaml', 'k8s/overlays/prod/a.yaml', 'k8s/gone.yaml']);
  });
});

const PREVIEW = [
  'on: pull_request',
  'jobs:',
  '  preview:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: helm upgrade --install web-pr-${{ github.event.number }} charts/web -n pr-${{ github.event.number }} --create-namespace --atomic',
  '',
].join('\n');
const TEARDOWN = [
  'on:',
  '  pull_request:',
  '    types: [closed]',
  'jobs:',
  '  teardown:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: kubectl delete namespace pr-${{ github.event.number }}',
  '',
].join('\n');

describe('workflow context', () => {
  const preview = RULES.filter((r) => r.id === 'preview-env-without-teardown');

  test('a changed workflow brings the other workflows of its folder: their teardown job counts', async () => {
    const fake = new FakeGitHub();
    const base = { '.github/workflows/teardown.yml': TEARDOWN, '.github/workflows/ci.yaml': 'on: push\njobs: {}\n', '.github/CODEOWNERS': '* @octo-org/ops\n' };
    fake.addPull({ number: 1, base, head: { ...base, '.github/workflows/preview.yml': PREVIEW } });
    const collected = await collect(fake, 1);
    expect(names(collected.change.files)).toEqual([
      ['.github/workflows/preview.yml', 'added'],
      ['.github/workflows/ci.yaml', 'unchanged'],
      ['.github/workflows/teardown.yml', 'unchanged'],
    ]);
    // Workflows are no kustomize input: no tree request.
    expect(fake.requests).toEqual(['GET /repos/octo-org/deploy-configs/pulls/1/files', 'POST /graphql', 'POST /graphql']);
    const result = await analyze(collected.change, DEFAULT_CONFIG, { rules: preview, treePaths: collected.treePaths });
    expect(result.findings).toEqual([]);
  });

  test('without a teardown workflow in the folder, the preview is flagged', async () => {
    const fake = new FakeGitHub();
    const base = { '.github/workflows/ci.yaml': 'on: push\njobs: {}\n' };
    fake.addPull({ number: 1, base, head: { ...base, '.github/workflows/preview.yml': PREVIEW } });
    const collected = await collect(fake, 1);
    const result = await analyze(collected.change, DEFAULT_CONFIG, { rules: preview, treePaths: collected.treePaths });
    expect(result.findings.map((f) => [f.rule, f.file, f.line])).toEqual([['preview-env-without-teardown', '.github/workflows/preview.yml', 6]]);
  });
});
