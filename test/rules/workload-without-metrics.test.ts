import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';

const RULE = 'workload-without-metrics';

function deployment(extraPod = '', extraContainer = '', kind = 'Deployment'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api${extraPod}
    spec:
      containers:
        - name: api
          image: api:1.0.0
          ports:
            - name: http
              containerPort: 8080${extraContainer}
`;
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  labels:\n    app: api\nspec:\n  selector:\n    app: api\n  ports:\n    - name: http\n      port: 80\n';
const SERVICE_MONITOR = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  endpoints:\n    - port: http\n';

describe(RULE, () => {
  test('flags a Deployment with nothing to scrape, on its first line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment() });
    expect(findings.map((f) => [f.line, f.span, f.severity])).toEqual([[1, [1, 16], 'hint']]);
    expect(findings[0]!.message).toContain('Deployment api exposes no metrics');
  });

  test('explains a ServiceMonitor that selects pod labels no Service carries', async () => {
    const unlabelled = SERVICE.replace('  labels:\n    app: api\n', '');
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment(), 'deploy/svc.yaml': unlabelled, 'deploy/monitor.yaml': SERVICE_MONITOR });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('ServiceMonitor api looks for Services labelled app=api');
  });

  test('does not flag workloads with scrape annotations, a metrics port, a metrics flag or an exporter', async () => {
    const cases = [
      deployment('\n      annotations:\n        prometheus.io/scrape: "true"'),
      deployment('', '\n            - name: http-metrics\n              containerPort: 9090'),
      deployment('', '\n          args: ["--metrics-bind-address=:9090"]'),
      deployment('', '\n        - name: exporter\n          image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0'),
    ];
    for (const text of cases) expect(await findingsOf(RULE, { 'deploy/api.yaml': text })).toEqual([]);
  });

  test('does not flag pods selected by a PodMonitor or by a ServiceMonitor through their Service', async () => {
    const podMonitor = 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  podMetricsEndpoints:\n    - port: http\n';
    expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment(), 'monitoring/api.yaml': podMonitor })).toEqual([]);
    expect(await findingsOf(RULE, [
      added('deploy/api.yaml', deployment()),
      context('deploy/svc.yaml', SERVICE),
      context('deploy/monitor.yaml', SERVICE_MONITOR),
    ])).toEqual([]);
  });

  test('still flags when the only monitor is unchanged context in another folder', async () => {
    const findings = await findingsOf(RULE, [
      added('deploy/api.yaml', deployment()),
      context('other/svc.yaml', SERVICE),
      context('other/monitor.yaml', SERVICE_MONITOR),
    ]);
    expect(findings).toHaveLength(1);
  });

  test('does not flag Jobs, unchanged workloads, or charts whose pod annotations come from values', async () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: m\n          image: m:1.0.0\n';
    expect(await findingsOf(RULE, { 'deploy/job.yaml': job })).toEqual([]);
    expect(await findingsOf(RULE, [context('deploy/api.yaml', deployment()), added('deploy/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n')])).toEqual([]);
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
spec:
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      labels:
        {{- include "api.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: api
          image: "{{ .Values.image.repository }}"
`;
    expect(await findingsOf(RULE, { 'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n', 'chart/templates/deployment.yaml': template })).toEqual([]);
  });

  test('counts a templated ServiceMonitor of the same chart', async () => {
    const template = deployment().replace('        app: api', '        {{- include "api.selectorLabels" . | nindent 8 }}');
    const monitor = `{{- if .Values.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "api.fullname" . }}
spec:
  selector:
    matchLabels:
      {{- include "api.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
{{- end }}
`;
    const service = SERVICE.replace('    app: api\nspec', '    {{- include "api.labels" . | nindent 4 }}\nspec');
    const findings = await findingsOf(RULE, [
      context('chart/Chart.yaml', 'apiVersion: v2\nname: api\nversion: 1.0.0\n'),
      modified('chart/templates/deployment.yaml', template.replace('api:1.0.0', 'api:0.9.0'), template),
      context('chart/templates/service.yaml', service),
      context('chart/templates/servicemonitor.yaml', monitor),
    ]);
    expect(findings).toEqual([]);
  });
  test('reads unchanged monitors, Services and kustomizations to know what scrapes a changed workload', async () => {
    const podMonitor = 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  podMetricsEndpoints:\n    - port: http\n';
    const scrapedService = SERVICE.replace('  labels:\n', '  annotations:\n    prometheus.io/scrape: "true"\n  labels:\n');
    const kustomization = 'resources:\n  - base/api.yaml\n  - monitoring/api.yaml\n';
    // An unchanged PodMonitor or annotated Service beside the workload scrapes it.
    expect(await findingsOf(RULE, [modified('deploy/api.yaml', deployment().replace('1.0.0', '0.9.0'), deployment()), context('deploy/monitor.yaml', podMonitor)])).toEqual([]);
    expect(await findingsOf(RULE, [added('deploy/api.yaml', deployment()), context('deploy/svc.yaml', scrapedService)])).toEqual([]);
    // An unchanged kustomization puts a monitor of another folder in the workload's unit.
    expect(await findingsOf(RULE, [context('app/kustomization.yaml', kustomization), added('app/base/api.yaml', deployment()), context('app/monitoring/api.yaml', podMonitor)])).toEqual([]);
    expect(await findingsOf(RULE, [added('app/base/api.yaml', deployment()), context('app/monitoring/api.yaml', podMonitor)])).toHaveLength(1);
    // The slip is explained from unchanged files too.
    const unlabelled = SERVICE.replace('  labels:\n    app: api\n', '');
    const slip = await findingsOf(RULE, [added('deploy/api.yaml', deployment()), context('deploy/svc.yaml', unlabelled), context('deploy/monitor.yaml', SERVICE_MONITOR)]);
    expect(slip.map((f) => [f.file, f.line])).toEqual([['deploy/api.yaml', 1]]);
    expect(slip[0]!.message).toContain('ServiceMonitor api looks for Services labelled app=api');
  });
});
