/** Reading kustomize patches: which fields they set on which containers, and which files they are. */
import { describe, expect, test } from '@jest/globals';
import { classify } from '../../src/engine/classify.js';
import { parseFile, type ParsedFile } from '../../src/engine/parsed-file.js';
import { containersOf, toWorkload } from '../../src/k8s/workloads.js';
import { fieldsPatchedByKustomize, isKustomizePatch, patchPathsOf } from '../../src/k8s/kustomize-patches.js';
import { collectGitChange } from '../../src/cli/collect-git.js';
import { added } from '../helpers/change.js';
import { commitAll, gitIn, gitRepo, writeFiles } from '../helpers/cli.js';

const BASE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  '  labels: { app: api }',
  'spec:',
  '  template:',
  '    spec:',
  '      initContainers:',
  '        - name: migrate',
  '          image: api:1.0.0',
  '      containers:',
  '        - name: api',
  '          image: api:1.0.0',
  '        - name: proxy',
  '          image: proxy:1.0.0',
  '',
].join('\n');

function parsed(files: Record<string, string>): ParsedFile[] {
  const tree = { has: (p: string) => p in files };
  return Object.entries(files).map(([path, text]) => parseFile(added(path, text), classify(path, text, tree), text));
}

/** The fields patched onto a container of base/deployment.yaml (or another file). */
function fieldsOf(files: Record<string, string>, container = 'api', path = 'base/deployment.yaml'): string[] {
  const all = parsed({ 'base/deployment.yaml': BASE, 'base/kustomization.yaml': 'resources: [deployment.yaml]\n', ...files });
  const file = all.find((f) => f.path === path)!;
  const c = file.objects.flatMap((o) => { const w = toWorkload(o); return w ? containersOf(file.yaml!, w) : []; }).find((x) => x.name === container)!;
  return [...fieldsPatchedByKustomize(all, file, c)].sort();
}

const smp = (container: string, lines: string[], head = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api']): string =>
  [...head, 'spec:', '  template:', '    spec:', '      containers:', `        - name: ${container}`, ...lines.map((l) => `          ${l}`), ''].join('\n');

describe('fieldsPatchedByKustomize', () => {
  test('strategic merge files from patchesStrategicMerge and patches[].path', () => {
    const patch = smp('api', ['resources:', '  limits: { memory: 512Mi }', '  requests: { cpu: 100m }', 'livenessProbe:', '  tcpSocket: { port: 80 }']);
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatchesStrategicMerge: [./patch.yaml]\n', 'overlays/prod/patch.yaml': patch }))
      .toEqual(['limits.memory', 'livenessProbe', 'requests.cpu']);
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: patches/p.yaml\n', 'overlays/prod/patches/p.yaml': patch }))
      .toEqual(['limits.memory', 'livenessProbe', 'requests.cpu']);
  });

  test('a patch file without kind or metadata takes its target from the entry; a patch without kind matches by name', () => {
    const bare = ['spec:', '  template:', '    spec:', '      containers:', '        - name: api', '          readinessProbe: { tcpSocket: { port: 80 } }', ''].join('\n');
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: p.yaml\n    target: { kind: Deployment, name: api }\n', 'overlays/prod/p.yaml': bare }))
      .toEqual(['readinessProbe']);
    const noKind = smp('api', ['readinessProbe: { tcpSocket: { port: 80 } }'], ['metadata:', '  name: api']);
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches: [{ path: p.yaml }]\n', 'overlays/prod/p.yaml': noKind })).toEqual(['readinessProbe']);
    // Without target, kind or name, kustomize cannot apply it: it matches nothing.
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches: [{ path: p.yaml }]\n', 'overlays/prod/p.yaml': bare })).toEqual([]);
  });

  test('targets: kind and name must match (as anchored patterns), label selectors by equality', () => {
    const patch = (target: string): Record<string, string> => ({
      'overlays/prod/kustomization.yaml': `resources: [../../base]\npatches:\n  - path: p.yaml\n    target: ${target}\n`,
      'overlays/prod/p.yaml': smp('api', ['startupProbe: { tcpSocket: { port: 80 } }'], ['kind: Deployment', 'metadata:', '  name: x']),
    });
    expect(fieldsOf(patch('{ kind: Deployment, name: "ap.*" }'))).toEqual(['startupProbe']);
    expect(fieldsOf(patch('{ kind: Deployment, name: "ap" }'))).toEqual([]);
    expect(fieldsOf(patch('{ kind: StatefulSet, name: api }'))).toEqual([]);
    expect(fieldsOf(patch('{ kind: Deployment, labelSelector: "app=api" }'))).toEqual(['startupProbe']);
    expect(fieldsOf(patch('{ kind: Deployment, labelSelector: "app=web" }'))).toEqual([]);
  });

  test('JSON 6902 operations on resources and probes, by container position', () => {
    const ops = [
      '- op: add',
      '  path: /spec/template/spec/containers/1/resources',
      '  value: { limits: { memory: 1Gi } }',
      '- op: replace',
      '  path: /spec/template/spec/containers/1/resources/requests/cpu',
      '  value: 200m',
      '- op: add',
      '  path: /spec/template/spec/containers/1/livenessProbe',
      '  value: { tcpSocket: { port: 80 } }',
      '- op: remove',
      '  path: /spec/template/spec/containers/1/readinessProbe',
      '- op: add',
      '  path: /spec/template/spec/containers/-',
      '  value: { name: api, image: x, readinessProbe: { tcpSocket: { port: 80 } } }',
      '- op: add',
      '  path: /spec/template/spec/initContainers/0/resources/limits',
      '  value: { cpu: 500m }',
      '',
    ].join('\n');
    const files = { 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatchesJson6902:\n  - path: ops.yaml\n    target: { group: apps, version: v1, kind: Deployment, name: api }\n', 'overlays/prod/ops.yaml': ops };
    expect(fieldsOf(files, 'proxy')).toEqual(['limits.memory', 'livenessProbe', 'requests.cpu']);
    expect(fieldsOf(files, 'api')).toEqual([]);
    expect(fieldsOf(files, 'migrate')).toEqual(['limits.cpu']);
  });

  test('JSON 6902 as an inline patch and as a .json file; without a target it applies to nothing', () => {
    const inline = 'resources: [../../base]\npatches:\n  - target: { kind: Deployment, name: api }\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/0/readinessProbe\n        value: { tcpSocket: { port: 80 } }\n';
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': inline })).toEqual(['readinessProbe']);
    const json = '[{"op": "add", "path": "/spec/template/spec/containers/0/resources/limits/memory", "value": "1Gi"}]';
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: mem.json\n    target: { kind: Deployment, name: api }\n', 'overlays/prod/mem.json': json })).toEqual(['limits.memory']);
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: mem.json\n', 'overlays/prod/mem.json': json })).toEqual([]);
  });

  test('patches apply only to what the kustomization builds, components included', () => {
    const patch = smp('api', ['livenessProbe: { tcpSocket: { port: 80 } }']);
    const elsewhere = { 'other/deployment.yaml': BASE, 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatchesStrategicMerge: [p.yaml]\n', 'overlays/prod/p.yaml': patch };
    expect(fieldsOf(elsewhere, 'api', 'other/deployment.yaml')).toEqual([]);
    expect(fieldsOf(elsewhere)).toEqual(['livenessProbe']);
    const component = {
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\ncomponents: [../../components/probes]\n',
      'components/probes/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches: [{ path: p.yaml }]\n',
      'components/probes/p.yaml': patch,
    };
    expect(fieldsOf(component)).toEqual(['livenessProbe']);
    // A folder whose kustomization is not among the files: anything below it may be built.
    expect(fieldsOf({ 'deploy/kustomization.yaml': 'resources: [../unknown]\npatchesStrategicMerge: [p.yaml]\n', 'deploy/p.yaml': patch, 'unknown/app.yaml': BASE }, 'api', 'unknown/app.yaml'))
      .toEqual(['livenessProbe']);
  });

  test('deleted and null fields set nothing', () => {
    const patch = smp('api', ['livenessProbe: null', 'readinessProbe:', '  $patch: delete', 'resources:', '  limits: { memory: null }']);
    expect(fieldsOf({ 'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches: [{ path: p.yaml }]\n', 'overlays/prod/p.yaml': patch })).toEqual([]);
  });
});

describe('patch files', () => {
  test('isKustomizePatch knows the files kustomizations use as patches', () => {
    const all = parsed({
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches: [{ path: ./p.yaml }]\n',
      'overlays/prod/p.yaml': smp('api', ['livenessProbe: { tcpSocket: { port: 80 } }']),
      'base/deployment.yaml': BASE,
    });
    expect(all.filter((f) => isKustomizePatch(all, f)).map((f) => f.path)).toEqual(['overlays/prod/p.yaml']);
  });

  test('patchPathsOf resolves paths against the kustomization folder and skips inline patches', () => {
    const text = 'patchesStrategicMerge:\n  - a.yaml\npatches:\n  - path: ../shared/b.yaml\n  - patch: |-\n      kind: Deployment\npatchesJson6902:\n  - path: ./c.json\n    target: { kind: Deployment, name: api }\n';
    expect(patchPathsOf('deploy/overlays/prod/kustomization.yaml', text)).toEqual(['deploy/overlays/prod/a.yaml', 'deploy/overlays/shared/b.yaml', 'deploy/overlays/prod/c.json']);
    expect(patchPathsOf('kustomization.yaml', ': not yaml : [')).toEqual([]);
  });

  test('diff mode adds the patch files of the tree\'s kustomizations as context', () => {
    const root = gitRepo({
      'k8s/base/deployment.yaml': BASE,
      'k8s/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'k8s/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: ../../patches/prod.json\n    target: { kind: Deployment, name: api }\n',
      'k8s/patches/prod.json': '[]',
      'k8s/patches/unused.yaml': 'kind: Deployment\n',
    });
    gitIn(root, 'checkout', '-q', '-b', 'feature');
    writeFiles(root, { 'k8s/base/deployment.yaml': BASE.replace('api:1.0.0', 'api:1.0.1') });
    commitAll(root, 'bump');
    const change = collectGitChange(root, 'main', 'HEAD');
    expect(change.files.map((f) => `${f.path} ${f.status}`).sort()).toEqual([
      'k8s/base/deployment.yaml modified',
      'k8s/base/kustomization.yaml unchanged',
      'k8s/overlays/prod/kustomization.yaml unchanged',
      'k8s/patches/prod.json unchanged',
    ]);
  });
});
