import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'nodeport-service';
const CHART = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';

function service(type: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ${type}
  selector:
    app: web
  ports:
    - port: 80
      nodePort: 30080
`;
}

describe(RULE, () => {
  test('flags a NodePort Service on its type line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/svc.yaml': service('NodePort') });
    expect(findings.map((f) => f.line)).toEqual([6]);
    expect(findings[0]!.message).toContain('Service web is of type NodePort');
  });

  test('flags NodePort in chart values under any *service key and serviceType keys', async () => {
    const values = `replicaCount: 1
service:
  type: NodePort
  port: 80
controller:
  metricsService:
    type: NodePort
ui:
  serviceType: NodePort
`;
    const findings = await findingsOf(RULE, { 'chart/Chart.yaml': CHART, 'chart/values.yaml': values });
    expect(findings.map((f) => f.line)).toEqual([3, 7, 9]);
    expect(findings[0]!.message).toContain('Values service.type is NodePort');
    expect(findings[1]!.message).toContain('controller.metricsService.type');
  });

  test('does not flag other Service types, nodePort fields alone, or other objects', async () => {
    for (const type of ['LoadBalancer', 'ClusterIP']) expect(await linesOf(RULE, 'deploy/svc.yaml', service(type))).toEqual([]);
    const gateway = 'apiVersion: example.io/v1\nkind: Listener\nmetadata:\n  name: l\nspec:\n  type: NodePort\n';
    expect(await linesOf(RULE, 'deploy/listener.yaml', gateway)).toEqual([]);
  });

  test('does not flag values that only look similar', async () => {
    const values = `service:
  type: ClusterIP
  nodePort: 30080
ingress:
  type: NodePort
serviceAccount:
  type: NodePort
`;
    expect(await findingsOf(RULE, { 'chart/Chart.yaml': CHART, 'chart/values.yaml': values })).toEqual([]);
  });

  test('does not flag templated or optional types in Helm templates', async () => {
    const template = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: debug
spec:
  {{- if .Values.debug.nodePort }}
  type: NodePort
  {{- end }}
  ports:
    - port: 80
`;
    expect(await findingsOf(RULE, { 'chart/Chart.yaml': CHART, 'chart/templates/service.yaml': template })).toEqual([]);
  });

  test('does not flag files meant for a local cluster, but reads look-alike names as real', async () => {
    expect(await linesOf(RULE, 'deploy/minikube/svc.yaml', service('NodePort'))).toEqual([]);
    expect(await linesOf(RULE, 'k8s/web-svc.kind.yaml', service('NodePort'))).toEqual([]);
    expect(await findingsOf(RULE, { 'chart/Chart.yaml': CHART, 'chart/values-local.yaml': 'service:\n  type: NodePort\n' })).toEqual([]);
    expect(await linesOf(RULE, 'deploy/local-path-provisioner/svc.yaml', service('NodePort'))).toEqual([6]);
  });
});
