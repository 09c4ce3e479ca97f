/** Kustomize overlays that patch resources and probes into a bare base: the base is not a finding. */
import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { context, modified } from '../helpers/change.js';

const MISSING = ['missing-memory-limit', 'missing-memory-request', 'missing-cpu-request', 'missing-cpu-limit', 'missing-readiness-probe', 'missing-liveness-probe'];

const BASE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: registry.example.com/api:1.4.2',
  '        - name: proxy',
  '          image: registry.example.com/proxy:2.0.1',
  '',
].join('\n');

const BASE_KUSTOMIZATION = 'resources:\n  - deployment.yaml\n';

const FULL_PATCH = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          resources:',
  '            requests: { cpu: 100m, memory: 256Mi }',
  '            limits: { cpu: "1", memory: 512Mi }',
  '          livenessProbe:',
  '            httpGet: { path: /healthz, port: 8080 }',
  '          readinessProbe:',
  '            httpGet: { path: /ready, port: 8080 }',
  '',
].join('\n');

function layout(overlay: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = { 'k8s/base/deployment.yaml': BASE, 'k8s/base/kustomization.yaml': BASE_KUSTOMIZATION };
  for (const [path, text] of Object.entries(overlay)) files[`k8s/overlays/prod/${path}`] = text;
  return files;
}

async function missing(files: Record<string, string> | Parameters<typeof findingsOf>[1], container = 'container api'): Promise<Array<{ rule: string; file: string; line: number }>> {
  const out: Array<{ rule: string; file: string; line: number }> = [];
  for (const rule of MISSING) {
    for (const f of await findingsOf(rule, files)) if (f.message.includes(`${container}:`)) out.push({ rule, file: f.file, line: f.line });
  }
  return out;
}

describe('kustomize overlays that patch the base', () => {
  test('without a kustomization, the bare base is flagged as before', async () => {
    const found = await missing({ 'k8s/base/deployment.yaml': BASE });
    expect(found.map((f) => f.rule).sort()).toEqual([...MISSING].sort());
    expect(new Set(found.map((f) => f.line))).toEqual(new Set([9]));
  });

  test('an overlay patch (patchesStrategicMerge) that adds resources and probes clears the base', async () => {
    const files = layout({ 'kustomization.yaml': 'resources:\n  - ../../base\npatchesStrategicMerge:\n  - resources.yaml\n', 'resources.yaml': FULL_PATCH });
    expect(await missing(files)).toEqual([]);
    // The other container is not patched: it is still reported, on the base.
    const proxy = await missing(files, 'container proxy');
    expect(proxy.map((f) => f.rule).sort()).toEqual([...MISSING].sort());
    expect(new Set(proxy.map((f) => `${f.file}:${f.line}`))).toEqual(new Set(['k8s/base/deployment.yaml:11']));
  });

  test('a limit patched in implies the request; a patch that sets only cpu leaves the memory limit flagged', async () => {
    const onlyLimits = FULL_PATCH.replace('            requests: { cpu: 100m, memory: 256Mi }\n', '');
    expect(await missing(layout({ 'kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: limits.yaml\n', 'limits.yaml': onlyLimits }))).toEqual([]);

    const onlyCpu = FULL_PATCH.replace('requests: { cpu: 100m, memory: 256Mi }', 'requests: { cpu: 100m }').replace('limits: { cpu: "1", memory: 512Mi }', 'limits: { cpu: "1" }');
    const found = await missing(layout({ 'kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: cpu.yaml\n', 'cpu.yaml': onlyCpu }));
    expect(found.map((f) => f.rule).sort()).toEqual(['missing-memory-limit', 'missing-memory-request']);
    expect(found[0]).toMatchObject({ file: 'k8s/base/deployment.yaml', line: 9 });
  });

  test('a JSON 6902 patch that adds resources by container index', async () => {
    const ops = [
      '- op: add',
      '  path: /spec/template/spec/containers/0/resources',
      '  value:',
      '    requests: { cpu: 100m, memory: 256Mi }',
      '    limits: { cpu: "1", memory: 512Mi }',
      '',
    ].join('\n');
    const files = layout({
      'kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: resources.yaml\n    target:\n      kind: Deployment\n      name: api\n',
      'resources.yaml': ops,
    });
    const found = await missing(files);
    expect(found.map((f) => f.rule).sort()).toEqual(['missing-liveness-probe', 'missing-readiness-probe']);
    // Index 0 is the api container: the proxy still lacks its limits.
    expect((await missing(files, 'container proxy')).map((f) => f.rule)).toContain('missing-memory-limit');
  });

  test('a patch for another container name does not count', async () => {
    const files = layout({ 'kustomization.yaml': 'resources: [../../base]\npatchesStrategicMerge: [worker.yaml]\n', 'worker.yaml': FULL_PATCH.replace('- name: api', '- name: worker') });
    expect((await missing(files)).map((f) => f.rule).sort()).toEqual([...MISSING].sort());
  });

  test('an inline patch in patches: clears the probes it adds', async () => {
    const kustomization = [
      'resources:',
      '  - ../../base',
      'patches:',
      '  - target:',
      '      kind: Deployment',
      '      name: api',
      '    patch: |-',
      '      kind: Deployment',
      '      metadata:',
      '        name: not-used',
      '      spec:',
      '        template:',
      '          spec:',
      '            containers:',
      '              - name: api',
      '                readinessProbe:',
      '                  tcpSocket: { port: 8080 }',
      '                livenessProbe:',
      '                  tcpSocket: { port: 8080 }',
      '',
    ].join('\n');
    const found = await missing(layout({ 'kustomization.yaml': kustomization }));
    expect(found.map((f) => f.rule).sort()).toEqual(['missing-cpu-limit', 'missing-cpu-request', 'missing-memory-limit', 'missing-memory-request']);
  });

  test('the patch file itself is a fragment: it is not flagged for what it leaves to the base', async () => {
    const probesOnly = FULL_PATCH.replace(/ {10}resources:\n.*\n.*\n/, '');
    const found = await findingsOf('missing-memory-limit', layout({ 'kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: probes.yaml\n', 'probes.yaml': probesOnly }));
    expect(found.map((f) => f.file)).toEqual(['k8s/base/deployment.yaml', 'k8s/base/deployment.yaml']);
  });

  test('a Deployment of the same name that no kustomization builds is still flagged', async () => {
    const files = {
      ...layout({ 'kustomization.yaml': 'resources: [../../base]\npatchesStrategicMerge: [resources.yaml]\n', 'resources.yaml': FULL_PATCH }),
      'other-app/deployment.yaml': BASE,
    };
    const found = await missing(files);
    expect(new Set(found.map((f) => f.file))).toEqual(new Set(['other-app/deployment.yaml']));
    expect(found).toHaveLength(MISSING.length);
  });

  test('diff mode: an edit to the base, with the overlay and its patch as context', async () => {
    const before = BASE.replace('api:1.4.2', 'api:1.4.1');
    const files = [
      modified('k8s/base/deployment.yaml', before, BASE),
      context('k8s/base/kustomization.yaml', BASE_KUSTOMIZATION),
      context('k8s/overlays/prod/kustomization.yaml', 'resources: [../../base]\npatchesStrategicMerge: [resources.yaml]\n'),
      context('k8s/overlays/prod/resources.yaml', FULL_PATCH),
    ];
    expect(await missing(files)).toEqual([]);
  });
});
