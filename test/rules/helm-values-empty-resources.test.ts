import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'helm-values-empty-resources';
const CHART_YAML = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
const CHART = { 'chart/Chart.yaml': CHART_YAML };

async function lines(values: string, extra: Record<string, string> = {}): Promise<number[]> {
  return (await findingsOf(RULE, { ...CHART, ...extra, 'chart/values.yaml': values })).map((f) => f.line);
}

describe(RULE, () => {
  test('flags resources: {} of the main component, on the resources line', async () => {
    const findings = await findingsOf(RULE, { ...CHART, 'chart/values.yaml': 'replicaCount: 1\nimage:\n  repository: web\n  tag: 1.0.0\nresources: {}\nnodeSelector: {}\n' });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[5, [5, 5]]]);
    expect(findings[0]!.message).toContain("Values resources is empty: the chart's main component");
  });

  test('flags empty resources of sub-components, null resources and empty requests and limits', async () => {
    const values = `image:
  repository: web
resources:
  requests:
    cpu: 100m
    memory: 128Mi
worker:
  replicaCount: 2
  image:
    repository: worker
  resources:
sidecar:
  image: busybox:1.36
  securityContext: {}
  resources:
    requests: {}
    limits: {}
`;
    const findings = await findingsOf(RULE, { ...CHART, 'chart/values.yaml': values });
    expect(findings.map((f) => f.line)).toEqual([11, 15]);
    expect(findings[0]!.message).toContain('Values worker.resources is empty: component worker');
    expect(findings[1]!.span).toEqual([15, 17]);
  });

  test('flags a component without resources when a template of the chart reads them', async () => {
    const values = 'image:\n  repository: web\nresources:\n  requests:\n    memory: 64Mi\nworker:\n  replicaCount: 2\n  image:\n    repository: worker\n';
    const template = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          resources:\n            {{- toYaml .Values.worker.resources | nindent 12 }}\n';
    const findings = await findingsOf(RULE, [added('chart/values.yaml', values), context('chart/Chart.yaml', CHART_YAML), context('chart/templates/worker.yaml', template)]);
    expect(findings.map((f) => [f.line, f.span])).toEqual([[6, [6, 9]]]);
    expect(findings[0]!.message).toContain('component worker sets no resources');
    // Without the template in view, an absent key says nothing.
    expect(await lines(values)).toEqual([]);
  });

  test('does not flag maps that are not components, disabled components or sub-chart sections', async () => {
    const values = `image:
  repository: web
resources:
  limits:
    memory: 256Mi
persistence:
  enabled: true
  resources: {}
exporter:
  enabled: false
  image:
    repository: exporter
  resources: {}
postgresql:
  image:
    repository: bitnami/postgresql
  primary:
    podAnnotations: {}
  resources: {}
`;
    const chartWithDependency = 'apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n  - name: postgresql\n    version: 15.0.0\n    repository: oci://registry-1.docker.io/bitnamicharts\n';
    expect(await lines(values, { 'chart/Chart.yaml': chartWithDependency })).toEqual([]);
  });

  test('does not flag override values files: an empty map there changes nothing', async () => {
    const values = 'image:\n  tag: 1.0.1\nresources: {}\n';
    expect(await findingsOf(RULE, { ...CHART, 'chart/values-prod.yaml': values })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/prod/values.yaml': values })).toEqual([]);
  });
});
