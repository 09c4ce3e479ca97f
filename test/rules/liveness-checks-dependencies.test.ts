import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'liveness-checks-dependencies';

/** A Deployment whose container carries the given probe block (indented for the container). */
function withProbes(probes: string, kind = 'Deployment'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.0.0
${probes}`;
}

function httpLiveness(path: string): string {
  return `          livenessProbe:
            httpGet:
              path: ${path}
              port: 8080
`;
}

function execLiveness(command: string): string {
  return `          livenessProbe:
            exec:
              command: ["sh", "-c", "${command}"]
`;
}

describe(RULE, () => {
  test('flags a liveness path that names a dependency, on the path line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': withProbes(httpLiveness('/health/db')) });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[13, [11, 14]]]);
    expect(findings[0]!.message).toContain('Deployment api, container api: the liveness probe checks /health/db');
    expect(findings[0]!.message).toContain('readiness');
  });

  test('flags deep and full health checks', async () => {
    for (const path of ['/healthz?full=true', '/status/deep', '/health/dependencies', '/actuator/health/redis']) {
      expect(await linesOf(RULE, 'deploy/api.yaml', withProbes(httpLiveness(path)))).toEqual([13]);
    }
  });

  test('flags commands that connect to another host', async () => {
    const commands = [
      'pg_isready -h postgres -p 5432',
      'redis-cli -h $REDIS_HOST ping',
      'curl -fsS http://payments.default.svc:8080/health',
      'nc -z kafka 9092',
      'mysqladmin ping --host=mysql-primary',
    ];
    for (const command of commands) {
      const findings = await findingsOf(RULE, { 'deploy/api.yaml': withProbes(execLiveness(command)) });
      expect(findings.map((f) => f.line)).toEqual([13]);
    }
  });

  test('flags an httpGet host that points elsewhere', async () => {
    const probe = '          livenessProbe:\n            httpGet:\n              host: auth.example.com\n              path: /healthz\n              port: 443\n';
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': withProbes(probe) });
    expect(findings.map((f) => f.line)).toEqual([13]);
    expect(findings[0]!.message).toContain('calls host auth.example.com');
  });

  test('does not flag shallow liveness checks or local commands', async () => {
    const probes = [
      httpLiveness('/healthz'),
      httpLiveness('/health/liveness'),
      httpLiveness('/livez?verbose=true'),
      execLiveness('pg_isready -h localhost -U postgres'),
      execLiveness('pg_isready -h 127.0.0.1'),
      execLiveness('redis-cli ping'),
      execLiveness('curl -f http://localhost:8080/healthz'),
      execLiveness('mysqladmin ping -h $(hostname -i)'),
      execLiveness('nc -z $POD_IP 5432'),
      execLiveness('pg_isready -h /var/run/postgresql'),
      '          livenessProbe:\n            tcpSocket:\n              port: 5432\n',
    ];
    for (const probe of probes) expect(await linesOf(RULE, 'deploy/api.yaml', withProbes(probe))).toEqual([]);
  });

  test('does not flag dependency checks in readiness probes, or templated paths', async () => {
    const readiness = '          readinessProbe:\n            httpGet:\n              path: /health/db\n              port: 8080\n';
    expect(await linesOf(RULE, 'deploy/api.yaml', withProbes(readiness))).toEqual([]);
    const template = withProbes('          livenessProbe:\n            httpGet:\n              path: {{ .Values.livenessPath }}\n              port: http\n');
    const files = { 'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n', 'chart/templates/deployment.yaml': template };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });
});
