import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'internal-service-exposed';

function service(type: string, ports: string, metadata = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: db${metadata}
spec:
  type: ${type}
  selector:
    app: db
  ports:
${ports}`;
}

describe(RULE, () => {
  test('flags a public LoadBalancer on the PostgreSQL port, on the port line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/db.yaml': service('LoadBalancer', '    - port: 5432\n') });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[10, [6, 10]]]);
    expect(findings[0]!.message).toContain('Service db exposes 5432 (PostgreSQL) through a load balancer');
  });

  test('flags a NodePort on Redis and a target port of Elasticsearch behind port 80', async () => {
    const redis = service('NodePort', '    - name: redis\n      port: 6379\n');
    const elastic = service('LoadBalancer', '    - port: 80\n      targetPort: 9200\n');
    expect(await linesOf(RULE, 'deploy/redis.yaml', redis)).toEqual([11]);
    const findings = await findingsOf(RULE, { 'deploy/es.yaml': elastic });
    expect(findings.map((f) => f.line)).toEqual([10]);
    expect(findings[0]!.message).toContain('9200 (Elasticsearch)');
  });

  test('does not flag ClusterIP datastores, web ports, or internal and restricted load balancers', async () => {
    const internal = service('LoadBalancer', '    - port: 5432\n', '\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: "true"');
    const gke = service('LoadBalancer', '    - port: 3306\n', '\n  annotations:\n    networking.gke.io/load-balancer-type: "Internal"');
    const ranges = service('LoadBalancer', '    - port: 27017\n') + '  loadBalancerSourceRanges:\n    - 10.0.0.0/8\n';
    const cases = [
      service('ClusterIP', '    - port: 5432\n'),
      service('LoadBalancer', '    - port: 443\n      targetPort: 8443\n'),
      internal, gke, ranges,
    ];
    for (const text of cases) expect(await linesOf(RULE, 'deploy/db.yaml', text)).toEqual([]);
  });

  test('does not flag templated types or ports', async () => {
    const template = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "db.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: cache
spec:
  type: LoadBalancer
  ports:
    - port: {{ .Values.cache.port }}
`;
    const files = { 'chart/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.0.0\n', 'chart/templates/service.yaml': template };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });
});
