import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';

const RULE = 'multiple-load-balancers';

function service(name: string, type = 'LoadBalancer', extra = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: ${type}
  selector:
    app: ${name}
  ports:
    - port: 80${extra}
`;
}

describe(RULE, () => {
  test('reports three LoadBalancers in one folder once, on a changed file', async () => {
    const findings = await findingsOf(RULE, [
      added('deploy/web.yaml', service('web')),
      added('deploy/api.yaml', service('api')),
      added('deploy/admin.yaml', service('admin')),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/web.yaml', 6]]);
    expect(findings[0]!.message).toContain('one of 3 LoadBalancer Services in folder deploy/ (also api, admin)');
  });

  test('reports on the changed file when the other balancer is unchanged context', async () => {
    const findings = await findingsOf(RULE, [
      context('deploy/web.yaml', service('web')),
      modified('deploy/api.yaml', service('api', 'ClusterIP'), service('api')),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.onDiff])).toEqual([['deploy/api.yaml', 6, true]]);
  });

  test('groups a chart by its root, across templates folders', async () => {
    const findings = await findingsOf(RULE, [
      context('chart/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 1.0.0\n'),
      added('chart/templates/web.yaml', service('web')),
      added('chart/templates/grpc/api.yaml', service('api')),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('in chart chart/');
  });

  test('does not report when only context files hold the balancers', async () => {
    const findings = await findingsOf(RULE, [
      context('deploy/web.yaml', service('web')),
      context('deploy/api.yaml', service('api')),
      added('deploy/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n'),
    ]);
    expect(findings).toEqual([]);
  });

  test('does not count balancers of different folders or kustomizations', async () => {
    const findings = await findingsOf(RULE, [
      added('overlays/eu/kustomization.yaml', 'resources:\n  - web.yaml\n'),
      added('overlays/eu/web.yaml', service('web')),
      added('overlays/us/kustomization.yaml', 'resources:\n  - web.yaml\n'),
      added('overlays/us/web.yaml', service('web-us')),
      added('other/api.yaml', service('api')),
    ]);
    expect(findings).toEqual([]);
  });

  test('does not count alternative files of one Service, ClusterIP Services, or a UDP twin', async () => {
    const udp = service('dns', 'LoadBalancer').replace('    - port: 80', '    - port: 53\n      protocol: UDP');
    const tcp = service('dns-tcp', 'LoadBalancer').replace('app: dns-tcp', 'app: dns').replace('    - port: 80', '    - port: 53\n      protocol: TCP');
    const findings = await findingsOf(RULE, [
      added('deploy/web-standalone.yaml', service('web')),
      added('deploy/web-distributed.yaml', service('web')),
      added('deploy/api.yaml', service('api', 'ClusterIP')),
      added('dns/udp.yaml', udp),
      added('dns/tcp.yaml', tcp),
    ]);
    expect(findings).toEqual([]);
  });

  test('does not count types chosen by Helm values or behind a condition', async () => {
    const templated = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "x.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: 80
`;
    const optional = `apiVersion: v1
kind: Service
metadata:
  name: admin
spec:
  {{- if .Values.admin.public }}
  type: LoadBalancer
  {{- end }}
  ports:
    - port: 80
`;
    const findings = await findingsOf(RULE, [
      added('chart/Chart.yaml', 'apiVersion: v2\nname: x\nversion: 1.0.0\n'),
      added('chart/templates/web.yaml', service('web')),
      added('chart/templates/svc.yaml', templated),
      added('chart/templates/admin.yaml', optional),
    ]);
    expect(findings).toEqual([]);
  });

  test('an unchanged kustomization groups the balancers of its subfolders', async () => {
    const findings = await findingsOf(RULE, [
      context('app/kustomization.yaml', 'resources:\n  - web/svc.yaml\n  - api/svc.yaml\n'),
      added('app/web/svc.yaml', service('web')),
      context('app/api/svc.yaml', service('api')),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['app/web/svc.yaml', 6]]);
    expect(findings[0]!.message).toContain('one of 2 LoadBalancer Services in kustomization app/ (also api)');
  });

  test('prefers the changed copy of a Service over an unchanged one, and counts an unchanged UDP twin with its pair', async () => {
    const udp = service('web-udp').replace('app: web-udp', 'app: web').replace('    - port: 80', '    - port: 53\n      protocol: UDP');
    const findings = await findingsOf(RULE, [
      context('deploy/web-a.yaml', service('web')),
      context('deploy/web-udp.yaml', udp),
      modified('deploy/web-b.yaml', service('web', 'ClusterIP'), service('web')),
      context('deploy/api.yaml', service('api')),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.onDiff])).toEqual([['deploy/web-b.yaml', 6, true]]);
    expect(findings[0]!.message).toContain('one of 2 LoadBalancer Services in folder deploy/ (also api)');
  });

  test('prefers the balancer whose type line the change touched', async () => {
    const findings = await findingsOf(RULE, [
      modified('deploy/a.yaml', service('a'), service('a').replace('port: 80', 'port: 8080')),
      modified('deploy/b.yaml', service('b', 'ClusterIP'), service('b')),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.onDiff])).toEqual([['deploy/b.yaml', 6, true]]);
  });
});

test('two templated Service names that differ by a literal suffix are two load balancers', async () => {
  const chart = { 'shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n', 'shop/values.yaml': 'replicas: 1\n' };
  const findings = await findingsOf(RULE, {
    ...chart,
    'shop/templates/services.yaml': service('{{ include "shop.fullname" . }}-api') + '---\n' + service('{{ include "shop.fullname" . }}-admin'),
  });
  expect(findings).toHaveLength(1);
});
