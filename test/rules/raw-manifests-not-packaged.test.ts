import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';

const RULE = 'raw-manifests-not-packaged';

function deployment(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: ${name}
          image: ${name}:1.0.0
`;
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n';

describe(RULE, () => {
  test('reports once per folder, on the first added workload', async () => {
    const findings = await findingsOf(RULE, [
      added('deploy/web.yaml', deployment('web')),
      added('deploy/api.yaml', CONFIGMAP + '---\n' + deployment('api')),
      added('deploy/config.yaml', CONFIGMAP),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.severity])).toEqual([['deploy/api.yaml', 8, 'hint']]);
    expect(findings[0]!.message).toContain('adds 2 workloads in deploy/ (Deployment api, Deployment web)');
  });

  test('reports a workload added to an existing file, not the ones already there', async () => {
    const before = deployment('web');
    const after = before + '---\n' + deployment('worker');
    const findings = await findingsOf(RULE, [modified('deploy/app.yaml', before, after)]);
    expect(findings.map((f) => [f.line, f.onDiff])).toEqual([[12, true]]);
    expect(findings[0]!.message).toContain('(Deployment worker)');
    const edit = await findingsOf(RULE, [modified('deploy/app.yaml', before, before.replace('web:1.0.0', 'web:1.1.0'))]);
    expect(edit).toEqual([]);
  });

  test('does not report folders with a kustomization at or above them', async () => {
    expect(await findingsOf(RULE, [
      context('deploy/kustomization.yaml', 'resources:\n  - web.yaml\n'),
      added('deploy/web.yaml', deployment('web')),
      added('deploy/workers/queue.yaml', deployment('queue')),
    ])).toEqual([]);
  });

  test('does not report manifests inside a chart, or in test, example and docs folders', async () => {
    expect(await findingsOf(RULE, [
      context('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n'),
      added('charts/web/crds/web.yaml', deployment('web')),
      added('test/fixtures/web.yaml', deployment('web')),
      added('examples/basic/web.yaml', deployment('web')),
      added('docs/web.yaml', deployment('web')),
    ])).toEqual([]);
  });

  test('unchanged manifests in the folder are neither counted nor reported on', async () => {
    const findings = await findingsOf(RULE, [
      context('deploy/a-old.yaml', deployment('old')),
      added('deploy/web.yaml', deployment('web')),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/web.yaml', 1]]);
    expect(findings[0]!.message).toContain('adds a workload in deploy/ (Deployment web)');
  });

  test('an unchanged kustomization listed after the manifests still packages their folder', async () => {
    expect(await findingsOf(RULE, [
      added('deploy/web.yaml', deployment('web')),
      context('deploy/kustomization.yaml', 'resources:\n  - web.yaml\n'),
    ])).toEqual([]);
  });

  test('reports each loose folder once, in path order', async () => {
    const findings = await findingsOf(RULE, [
      added('web/b.yaml', deployment('b')),
      added('api/z.yaml', deployment('z')),
      added('web/a.yaml', deployment('a')),
    ]);
    expect(findings.map((f) => [f.file, f.message.match(/\(([^)]*)\)/)![1]])).toEqual([['api/z.yaml', 'Deployment z'], ['web/a.yaml', 'Deployment a, Deployment b']]);
  });

  test('does not count bare Pods and Jobs', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: d\n      image: busybox:1.36\n';
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: m\n          image: m:1.0.0\n';
    expect(await findingsOf(RULE, { 'ops/debug.yaml': pod, 'ops/migrate.yaml': job })).toEqual([]);
  });
});
